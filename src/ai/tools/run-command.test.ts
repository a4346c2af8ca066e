import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSandbox } from '../sandbox/open-sandbox.ts';
import type { Sandbox } from '../sandbox/sandbox.ts';
import { formatResult, maxStreamChars, runCommandTool } from './run-command.ts';
import { context, tempRepo } from './testing/temp-repo.ts';

let repo: string;
let sandbox: Sandbox;
const run = (input: object, signal?: AbortSignal) => runCommandTool.execute(input as never, context(repo, { sandbox, ...(signal && { signal }) }));

beforeAll(async () => {
  repo = tempRepo({ 'a.txt': 'hello\n' });
  mkdirSync(join(repo, 'sub'));
  sandbox = await openSandbox({ workspace: repo, network: false, env: {}, timeoutMs: 1000, maxOutputBytes: 100_000 }, { mode: 'bubblewrap', allowUnsandboxed: false });
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('run_command', () => {
  it('runs through a real bubblewrap sandbox and reports exit code and both streams', async () => {
    const answer = await run({ command: 'cat a.txt; echo made > made.txt; echo oops >&2; touch /usr/x; exit 4' });
    expect(answer).toMatch(/^exit code 4; timed out: no; \d+ ms\nstdout:\nhello\nstderr:\noops\ntouch: cannot touch '\/usr\/x': Read-only file system$/);
    expect(readFileSync(join(repo, 'made.txt'), 'utf8')).toBe('made\n');
  });

  it('runs in a subdirectory and refuses one outside', async () => {
    expect(await run({ command: 'pwd', cwd: 'sub' })).toContain(`stdout:\n${join(repo, 'sub')}\nstderr: (empty)`);
    expect(await run({ command: 'pwd', cwd: '..' })).toMatch(/^Error: .*outside the workspace/);
    expect(await run({ command: 'pwd', cwd: 'a.txt' })).toBe('Error: the working directory a.txt is not a directory of the workspace.');
  });

  it('reports a time-out', async () => {
    expect(await run({ command: 'echo started; sleep 10' })).toMatch(/^killed by SIGKILL; timed out: yes \(the command was killed at the time limit\); \d+ ms\nstdout:\nstarted\nstderr: \(empty\)$/);
  });

  it('shows the tail of long output', async () => {
    const answer = await run({ command: 'seq 1 5000' });
    expect(answer).toMatch(/\nstdout \(last \d+ characters\):\n\d+\n/);
    expect(answer).toMatch(/\n5000\nstderr: \(empty\)$/);
    expect(answer.length).toBeLessThan(maxStreamChars + 200);
  });

  it('refuses without a sandbox', async () => {
    expect(await runCommandTool.execute({ command: 'echo hi' } as never, context(repo))).toMatch(/^Error: commands are disabled: no sandbox is configured/);
  });

  it('is cancelled, killing the command', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user cancelled')), 200);
    await expect(run({ command: 'sleep 5' }, controller.signal)).rejects.toThrow('user cancelled');
  });
});

describe('formatResult', () => {
  it('mentions output the sandbox truncated and a death by an unnamed signal', () => {
    expect(formatResult({ exitCode: null, stdout: '', stderr: '', timedOut: false, truncated: true, durationMs: 5 })).toBe(
      'killed by a signal; timed out: no; 5 ms\n(the output was longer than the sandbox keeps; its middle was left out)\nstdout: (empty)\nstderr: (empty)',
    );
  });
});
