import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StepFailure } from '../../core/failure.ts';
import { githubScript } from './github-script.ts';
import { builtinContext, runMain } from './testing/builtin-context.ts';

async function script(body: string, options: { with?: Record<string, unknown>; github?: Record<string, unknown>; secrets?: Record<string, string>; state?: Record<string, string> } = {}) {
  const ctx = await builtinContext({
    uses: 'actions/github-script@v7', with: { script: body, ...options.with }, secrets: options.secrets, state: options.state,
    github: { repository: 'acme/app', event_name: 'issues', sha: 'abc123', ref: 'refs/heads/main', workflow: 'ci', actor: 'ada', job: 'build', run_id: '01jrun', run_number: '4', event: { issue: { number: 42 } }, ...options.github },
  });
  const result = await runMain(githubScript, ctx);
  await ctx.cleanup();
  return { result, log: ctx.text(), masks: ctx.masks };
}

describe('actions/github-script', () => {
  it('runs the script with context and core, and returns its result as JSON', async () => {
    const { result, log } = await script(`
      core.info('event ' + context.eventName + ' #' + context.issue.number + ' in ' + context.repo.owner + '/' + context.repo.repo);
      core.setOutput('sha', context.sha);
      core.exportVariable('FROM_SCRIPT', 'yes');
      core.addPath('/opt/tool/bin');
      core.setSecret('hush-hush');
      core.info('the secret is hush-hush');
      core.warning('careful', { file: 'a.js', startLine: 3 });
      core.saveState('k', core.getState('earlier') + '!');
      await core.summary.addHeading('Report', 2).addList(['a', 'b']).write();
      return { n: context.runNumber, actor: context.actor, job: context.job, runId: context.runId };
    `, { state: { earlier: 'before' } });
    expect(result.outcome).toBe('success');
    expect(result.outputs).toEqual({ sha: 'abc123', result: '{"n":4,"actor":"ada","job":"build","runId":"01jrun"}' });
    expect(result.env).toEqual({ FROM_SCRIPT: 'yes' });
    expect(result.path).toEqual(['/opt/tool/bin']);
    expect(result.state).toEqual({ k: 'before!' });
    expect(result.summary).toBe('<h2>Report</h2>\n<ul><li>a</li><li>b</li></ul>\n');
    expect(result.annotations).toEqual([{ level: 'warning', message: 'careful', file: 'a.js', line: 3 }]);
    expect(log).toContain('event issues #42 in acme/app');
    expect(log).toContain('the secret is ***');
  });

  it('encodes the result as a string when asked, and an undefined result as empty', async () => {
    expect((await script('return 7', { with: { 'result-encoding': 'string' } })).result.outputs).toEqual({ result: '7' });
    expect((await script('const x = 1;')).result.outputs).toEqual({ result: '' });
    expect((await script('return 1', { with: { 'result-encoding': 'xml' } })).result.error).toBe('Unhandled error: Error: "result-encoding" must be either "string" or "json"');
  });

  it('fails the step on an uncaught error, with the message and the stack in the log', async () => {
    const { result, log } = await script("throw new Error('boom')");
    expect(result).toMatchObject({ outcome: 'failure', error: 'Unhandled error: Error: boom', exitCode: 1 });
    expect(log).toMatch(/Error: boom\n\s+at /);
    expect((await script("core.setFailed('bad input')")).result.error).toBe('bad input');
  });

  it('gives a github stub that explains how to pass a token when none is set', async () => {
    const { result } = await script('await github.rest.issues.get({ owner: "a", repo: "b", issue_number: 1 })');
    expect(result.error).toContain('the `github` client needs a token, and none is set');
    expect((await script('return typeof (await Promise.resolve(github))')).result.outputs?.result).toBe('"object"');
  });

  it('calls the GitHub API through Octokit with the token (here a local server)', async () => {
    const seen: Array<{ url?: string; auth?: string }> = [];
    const server = createServer((req: IncomingMessage, res) => {
      seen.push({ url: req.url, auth: req.headers.authorization });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ number: 42, title: 'Fix the build' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { result, log, masks } = await script(`
        const { data } = await github.rest.issues.get({ ...context.repo, issue_number: context.issue.number });
        console.log('token is ' + core.getInput('github-token'));
        return data.title;
      `, { github: { api_url: apiUrl }, secrets: { GITHUB_TOKEN: 'ghs_secret_token' } });
      expect(result.outputs).toEqual({ result: '"Fix the build"' });
      expect(seen).toEqual([{ url: '/repos/acme/app/issues/42', auth: 'token ghs_secret_token' }]);
      expect(masks).toContain('ghs_secret_token');
      expect(log).toContain('token is ***');
    } finally {
      server.close();
    }
  });

  it('offers exec, glob, io and require', async () => {
    const ctx = await builtinContext({ uses: 'actions/github-script@v7', with: {} });
    mkdirSync(path.join(ctx.step.workingDirectory, 'src'));
    writeFileSync(path.join(ctx.step.workingDirectory, 'src', 'a.ts'), 'a');
    writeFileSync(path.join(ctx.step.workingDirectory, 'helper.cjs'), 'module.exports = { twice: (n) => n * 2 };');
    ctx.step.with.script = `
      const code = await exec.exec('sh', ['-c', 'echo from-exec']);
      const out = await exec.getExecOutput('echo "quoted words" plain', undefined, { silent: true });
      const failed = await exec.exec('sh -c "exit 3"', [], { ignoreReturnCode: true });
      const files = await (await glob.create('src/**\\n!src/none')).glob();
      const hash = await glob.hashFiles('src/*.ts');
      await io.mkdirP('made/deep');
      const sh = await io.which('sh', true);
      const { twice } = require('./helper.cjs');
      return { code, out: out.stdout.trim(), failed, files: files.map((f) => require('node:path').basename(f)), hash: hash.length, sh: sh.endsWith('/sh'), twice: twice(21) };
    `;
    const result = await githubScript.execute(ctx);
    expect(result.error, ctx.text()).toBeUndefined();
    expect(JSON.parse(result.outputs!.result!)).toEqual({ code: 0, out: 'quoted words plain', failed: 3, files: ['src', 'a.ts'], hash: 64, sh: true, twice: 42 });
    expect(ctx.text()).toContain('[command]sh -c echo from-exec\nfrom-exec');
    await ctx.cleanup();
  });

  it('is killed when the step is cancelled, and needs a script', async () => {
    const ctx = await builtinContext({ uses: 'actions/github-script@v7', with: { script: 'await new Promise((r) => setTimeout(r, 60000))' } });
    const running = githubScript.execute(ctx);
    setTimeout(() => ctx.controller.abort(new StepFailure('cancelled', 'The run was cancelled')), 300);
    await expect(running).rejects.toMatchObject({ kind: 'cancelled' });
    expect((await script('')).result.thrown).toBe('Input required and not supplied: script');
    await ctx.cleanup();
  });
});
