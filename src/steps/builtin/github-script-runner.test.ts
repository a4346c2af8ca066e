import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandWriter, createCore, createExec, createGithub, createGlob, createIo, createScriptContext, createSummary, loadModules, runnerSource } from './github-script-runner.ts';

// The runner's parts are plain functions; here they run in-process (github-script.test.ts runs them in the child).
const m = loadModules();
let dir: string;
const saved = { ...process.env };
const cwd = process.cwd();
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ado-runner-'));
  process.chdir(dir);
});
afterEach(() => {
  process.chdir(cwd);
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  rmSync(dir, { recursive: true, force: true });
});

describe('github-script runner parts', () => {
  it('reads inputs as @actions/core does', () => {
    Object.assign(process.env, { INPUT_FLAG: 'TRUE', INPUT_BAD: 'yes', 'INPUT_MY_LIST': ' a \n\n b ', INPUT_RAW: '  x  ' });
    const core = createCore(m, commandWriter(m), createSummary(m));
    expect(core.getBooleanInput('flag')).toBe(true);
    expect(() => core.getBooleanInput('bad')).toThrow('Input does not meet YAML 1.2 "Core Schema" specification: bad');
    expect(core.getMultilineInput('my list')).toEqual(['a', 'b']);
    expect(core.getInput('raw', { trimWhitespace: false })).toBe('  x  ');
    expect(() => core.getInput('missing', { required: true })).toThrow('Input required and not supplied: missing');
    expect(core.getState('none')).toBe('');
    expect(core.toPosixPath('a\\b')).toBe('a/b');
    expect(core.isDebug()).toBe(false);
  });

  it('writes file commands with a delimiter and a summary to $GITHUB_STEP_SUMMARY', async () => {
    const files = { GITHUB_OUTPUT: path.join(dir, 'out'), GITHUB_STEP_SUMMARY: path.join(dir, 'summary') };
    Object.assign(process.env, files);
    const core = createCore(m, commandWriter(m), createSummary(m));
    core.setOutput('obj', { a: 1 });
    expect(readFileSync(files.GITHUB_OUTPUT, 'utf8')).toMatch(/^obj<<ghadelimiter_[\w-]+\n\{"a":1\}\nghadelimiter_[\w-]+\n$/);
    const summary = createSummary(m);
    summary.addTable([[{ data: 'h', header: true }], ['c']]).addCodeBlock('x', 'js').addSeparator().addBreak().addQuote('q').addLink('l', 'u').addEOL();
    expect(summary.isEmptyBuffer()).toBe(false);
    await summary.write({ overwrite: true });
    expect(readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')).toBe('<table><tr><th>h</th></tr><tr><td>c</td></tr></table>\n<pre lang="js"><code>x</code></pre>\n<hr>\n<br>\n<blockquote>q</blockquote>\n<a href="u">l</a>\n\n');
    await summary.clear();
    expect(readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')).toBe('');
    expect(summary.addList(['a'], true).stringify()).toBe('<ol><li>a</li></ol>\n');
  });

  it('derives context.repo and context.issue, and explains a missing repository', () => {
    const context = createScriptContext({ repository: 'acme/app', payload: { pull_request: { number: 9 } } });
    expect(context.repo).toEqual({ owner: 'acme', repo: 'app' });
    expect(context.issue).toEqual({ owner: 'acme', repo: 'app', number: 9 });
    expect(() => createScriptContext({}).repo).toThrow("context.repo requires a GITHUB_REPOSITORY environment variable like 'owner/repo'");
  });

  it('has io and glob helpers that behave like the toolkit', async () => {
    const io = createIo(m);
    await io.mkdirP('a/b');
    writeFileSync('a/b/f.txt', 'x');
    await io.cp('a', 'c', { recursive: true });
    await io.mv('c/b/f.txt', 'c/g.txt');
    expect(readFileSync('c/g.txt', 'utf8')).toBe('x');
    await io.rmRF('c');
    expect(await io.which('definitely-not-a-tool')).toBe('');
    await expect(io.which('definitely-not-a-tool', true)).rejects.toThrow('Unable to locate executable file: definitely-not-a-tool');
    const glob = createGlob(m);
    const globber = await glob.create('a/**\n!a/b/f.txt\n# comment');
    expect((await globber.glob()).map((f) => path.relative(dir, f))).toEqual(['a', 'a/b']);
    const seen: string[] = [];
    for await (const f of globber.globGenerator()) seen.push(path.basename(f));
    expect(seen).toEqual(['a', 'b']);
    expect(globber.getSearchPaths()).toEqual(['a/**']);
    expect(await glob.hashFiles('nothing/*')).toBe('');
  });

  it('runs commands with input and listeners, and reports failures', async () => {
    const exec = createExec(m);
    const heard: string[] = [];
    const r = await exec.getExecOutput('cat', [], { silent: true, input: 'piped', listeners: { stdout: (b) => heard.push(b.toString()) } });
    expect(r).toEqual({ exitCode: 0, stdout: 'piped', stderr: '' });
    expect(heard).toEqual(['piped']);
    await expect(exec.exec("sh -c 'exit 4'", [], { silent: true })).rejects.toThrow("The process 'sh' failed with exit code 4");
  });

  it('builds an Octokit client only with a token and an installed Octokit', () => {
    const input = { script: '', encoding: 'json', context: {}, baseUrl: 'http://x', userAgent: 'ua', previews: [], debug: true };
    const loaded: string[] = [];
    class Octokit {
      readonly options: unknown;
      constructor(options: unknown) {
        this.options = options;
      }
    }
    const client = createGithub({ ...input, octokitPath: '/octokit' }, 'tok', (id) => (loaded.push(id), { Octokit })) as { options: Record<string, unknown> };
    expect(loaded).toEqual(['/octokit']);
    expect(client.options).toMatchObject({ auth: 'tok', baseUrl: 'http://x', userAgent: 'ua', log: console });
    const stub = createGithub(input, 'tok', () => ({})) as Record<string | symbol, unknown>;
    expect(stub[Symbol.iterator]).toBeUndefined();
    expect(() => stub.rest).toThrow('needs a token');
  });

  it('serialises every part into the child program', () => {
    const source = runnerSource('/tmp/input.json');
    for (const name of ['loadModules', 'commandWriter', 'createSummary', 'createCore', 'createExec', 'createGlob', 'createIo', 'createScriptContext', 'createGithub', 'scriptRunner']) expect(source).toContain(`function ${name}(`);
    expect(source.trimEnd().split('\n').at(-1)).toBe('await scriptRunner("/tmp/input.json");');
  });
});
