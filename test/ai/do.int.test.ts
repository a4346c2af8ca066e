/**
 * `autodevops do` end to end over HTTP: the CLI (built bundle, real child process) runs the shipped
 * workflow against a scripted OpenAI-compatible server streaming real SSE; the agent reads, edits
 * and runs the tests of a sample repository in a bubblewrap sandbox, and the run ends with a branch
 * whose tests pass. Then: kill -9 in the middle and `autodevops resume` repeats no finished model call.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiServer } from '../support/model-servers/openai-server.ts';
import type { ModelServer, ScriptFunction } from '../support/model-servers/script.ts';
import { fixingModel, sampleRepo, sloppyModel, stepOf, toolResults } from './sample-repo.ts';
import { startGitHubMock } from '../support/github-mock/github-mock.ts';
import { slugBranch } from '../../src/ai/git/branch-name.ts';
import { issueInstruction } from '../../src/app/do-request.ts';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'bin/autodevops.mjs');
let server: ModelServer;
const dirs: string[] = [];

beforeAll(() => {
  if (!existsSync(path.join(root, 'dist/cli.mjs'))) spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
});
afterEach(async () => {
  await server?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function env(): NodeJS.ProcessEnv {
  const { OPENAI_API_KEY: _o, ANTHROPIC_API_KEY: _a, GOOGLE_GENERATIVE_AI_API_KEY: _g, ...rest } = process.env;
  return { ...rest, CI: 'true', AUTODEVOPS_AI_PROVIDER: 'openai-compatible', AUTODEVOPS_AI_BASE_URL: server.url, AUTODEVOPS_AI_MODEL: 'scripted-coder' };
}

function cliProcess(args: string[], cwd: string, extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...env(), ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<{ code: number | null; out: string }>((resolve) => child.on('close', (code) => resolve({ code, out })));
  return { child, done };
}

async function setup(script: ScriptFunction) {
  server = await startOpenAiServer(script);
  const repo = sampleRepo();
  const data = mkdtempSync(path.join(tmpdir(), 'ado-do-data-'));
  dirs.push(repo, data);
  return { repo, data };
}

const signature = (r: Parameters<ScriptFunction>[0]) => `${stepOf(r)}#${toolResults(r)}`;

describe('autodevops do', () => {
  it('turns an instruction into a branch whose tests pass', async () => {
    const { repo, data } = await setup(fixingModel);
    const { code, out } = await cliProcess(['do', 'fix the add function', '--repo', repo, '--data-dir', data], repo).done;
    expect(out).toContain('branch autodevops/fix-the-add-function');
    expect(out).toContain('the tests pass');
    expect(code).toBe(0);
    expect(server.requests.map(signature)).toEqual(['plan#0', 'code#0', 'code#1', 'code#2', 'code#3', 'review#0']);
    // Streamed over SSE, with usage, by the real SDK client.
    expect(server.requests.every((r) => r.body.stream === true)).toBe(true);
    const fixed = execFileSync('git', ['show', 'autodevops/fix-the-add-function:calc.py'], { cwd: repo, encoding: 'utf8' });
    expect(fixed).toContain('return a + b');
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' })).toBe('');
    const show = execFileSync(process.execPath, [cli, 'show', '--json', '--data-dir', data, execFileSync(process.execPath, [cli, 'list', '--json', '--data-dir', data], { encoding: 'utf8' }).match(/"id":"([^"]+)"/)![1]!], { encoding: 'utf8' });
    expect(JSON.parse(show).usage).toMatchObject({ calls: 6, promptTokens: 5400, completionTokens: 240 });
  });

  it('runs the tests in the sandbox and lets the fix step repair a failing change', async () => {
    const { repo, data } = await setup(sloppyModel);
    const { code, out } = await cliProcess(['do', 'fix the add function', '--repo', repo, '--data-dir', data, '--json'], repo).done;
    expect(code).toBe(0);
    const outcome = JSON.parse(out.trim().split('\n').at(-1)!).outcome;
    expect(outcome).toMatchObject({ kind: 'passing-branch', branch: 'autodevops/fix-the-add-function', testsRun: true });
    expect(server.requests.map(signature)).toEqual(['plan#0', 'code#0', 'code#1', 'code#2', 'code#3', 'fix#0', 'fix#1', 'fix#2', 'review#0']);
    // The fix request carried the failing test output as evidence.
    expect(JSON.stringify(server.requests.find((r) => stepOf(r) === 'fix')!.body.messages)).toMatch(/AssertionError|FAILED/);
    const log = execFileSync('git', ['log', '--format=%s', 'autodevops/fix-the-add-function'], { cwd: repo, encoding: 'utf8' });
    expect(log.split('\n').slice(0, 2)).toEqual(['fix: add() added one too many', 'Fix add']);
  });

  it('--issue reads a GitHub issue as the instruction and opens a pull request that closes it', async () => {
    const { repo, data } = await setup(fixingModel);
    const github = await startGitHubMock();
    try {
      const target = { owner: 'octo-org', name: 'calc' };
      const issue = { title: 'Fix the add function', body: 'add(2, 3) returns -1' };
      const branch = slugBranch(issueInstruction({ number: 1, ...issue }, ''));
      github.createRepo(target, { branches: [branch] });
      expect(github.createIssue(target, { ...issue, author: 'octocat' })).toBe(1);
      const bare = mkdtempSync(path.join(tmpdir(), 'ado-do-remote-'));
      dirs.push(bare);
      execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
      execFileSync('git', ['remote', 'add', 'origin', `file://${bare}`], { cwd: repo });
      const { code, out } = await cliProcess(['do', '--issue', 'octo-org/calc#1', '--repo', repo, '--data-dir', data], repo, { GITHUB_TOKEN: github.token, GITHUB_API_URL: github.url }).done;
      expect(out).toContain('pull request: http');
      expect(code).toBe(0);
      expect(JSON.stringify(server.requests[0]!.body.messages)).toContain('Issue #1: Fix the add function');
      const [pr] = github.pullRequests(target);
      expect(pr).toMatchObject({ head: branch, state: 'open' });
      expect(pr!.body).toContain('Closes #1.');
      expect(out).not.toContain(github.token);
      expect(github.violations()).toEqual([]);
    } finally {
      await github.close();
    }
  });

  it('resumes after kill -9 without repeating finished model calls', async () => {
    let hung = false;
    const { repo, data } = await setup((request) => {
      // The third coding turn hangs once: the process is killed while waiting for it.
      if (!hung && stepOf(request) === 'code' && toolResults(request) === 2) {
        hung = true;
        return { hang: true };
      }
      return fixingModel(request);
    });
    const first = cliProcess(['do', 'fix the add function', '--repo', repo, '--data-dir', data], repo);
    const deadline = Date.now() + 60_000;
    while (!hung && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(hung).toBe(true);
    first.child.kill('SIGKILL');
    await first.done;
    const resumed = await cliProcess(['resume', '--data-dir', data], repo).done;
    expect(resumed.out).toMatch(/success|completed/);
    expect(resumed.code).toBe(0);
    const counts = new Map<string, number>();
    for (const r of server.requests) counts.set(signature(r), (counts.get(signature(r)) ?? 0) + 1);
    // Every finished call once; only the call in flight at the kill was made again.
    expect(Object.fromEntries(counts)).toEqual({ 'plan#0': 1, 'code#0': 1, 'code#1': 1, 'code#2': 2, 'code#3': 1, 'review#0': 1 });
    expect(execFileSync('git', ['show', 'autodevops/fix-the-add-function:calc.py'], { cwd: repo, encoding: 'utf8' })).toContain('return a + b');
  });
});
