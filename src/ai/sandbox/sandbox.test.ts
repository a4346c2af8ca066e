// One behaviour suite run against both sandbox kinds: what every Sandbox must do.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSandbox } from './open-sandbox.ts';
import type { Sandbox, SandboxPolicy } from './sandbox.ts';
import { processesMatching, uniqueSleep, waitUntil } from './testing/processes.ts';

const kinds = [
  { kind: 'bubblewrap', options: { mode: 'bubblewrap', allowUnsandboxed: false } },
  { kind: 'none', options: { mode: 'none', allowUnsandboxed: true } },
] as const;

describe.each(kinds)('$kind sandbox', ({ kind, options }) => {
  let workspace: string;
  let sandbox: Sandbox;
  const policy = (): SandboxPolicy => ({ workspace, network: false, env: { DECLARED: 'yes' }, timeoutMs: 10_000, maxOutputBytes: 4096 });

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'ado-sandbox-'));
    mkdirSync(join(workspace, 'sub'));
    symlinkSync('/usr', join(workspace, 'out-link'));
    sandbox = await openSandbox(policy(), options);
  });
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it('is of the requested kind', () => {
    expect(sandbox.kind).toBe(kind);
  });

  it('runs bash -c and reports exit code, both streams and duration', async () => {
    const result = await sandbox.run('echo out; echo err >&2; exit 3');
    expect(result).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false, truncated: false });
    expect(result.signal).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('passes only the declared variables plus PATH, HOME, TMPDIR and LANG', async () => {
    process.env.ADO_UNDECLARED_SECRET = 'leak';
    try {
      const { stdout } = await sandbox.run('env');
      expect(stdout).toContain('DECLARED=yes');
      expect(stdout).toMatch(/^PATH=/m);
      expect(stdout).toContain('LANG=C.UTF-8');
      expect(stdout).not.toContain('ADO_UNDECLARED_SECRET');
    } finally {
      delete process.env.ADO_UNDECLARED_SECRET;
    }
  });

  it('writes in the workspace', async () => {
    const result = await sandbox.run('echo data > written.txt && cat written.txt');
    expect(result).toMatchObject({ exitCode: 0, stdout: 'data\n' });
  });

  it('runs in a working directory inside the workspace and refuses one outside', async () => {
    expect((await sandbox.run('pwd', { cwd: 'sub' })).stdout.trim()).toBe(join(workspace, 'sub'));
    expect((await sandbox.run('pwd', { cwd: join(workspace, 'sub') })).stdout.trim()).toBe(join(workspace, 'sub'));
    await expect(sandbox.run('pwd', { cwd: '..' })).rejects.toThrow(/outside the workspace/);
    await expect(sandbox.run('pwd', { cwd: 'out-link' })).rejects.toThrow(/outside the workspace/);
    await expect(sandbox.run('pwd', { cwd: 'missing' })).rejects.toThrow(/does not exist/);
  });

  it('feeds stdin', async () => {
    expect((await sandbox.run('cat', { stdin: 'hello' })).stdout).toBe('hello');
  });

  it('kills the whole process tree on timeout, background children included', async () => {
    const marker = uniqueSleep();
    const running = sandbox.run(`sleep ${marker} & sleep ${marker}; echo never`, { timeoutMs: 1000 });
    await waitUntil(() => processesMatching(`sleep ${marker}`).length === 2);
    const result = await running;
    expect(result).toMatchObject({ exitCode: null, signal: 'SIGKILL', timedOut: true, stdout: '' });
    await waitUntil(() => processesMatching(`sleep ${marker}`).length === 0);
  });

  it('ends background children left behind by a command that finished', async () => {
    const marker = uniqueSleep();
    const result = await sandbox.run(`sleep ${marker} & echo started`);
    expect(result).toMatchObject({ exitCode: 0, stdout: 'started\n', timedOut: false });
    await waitUntil(() => processesMatching(`sleep ${marker}`).length === 0);
  });

  it.runIf(kind === 'none')('stops reading output held open by a process that left the process group', async () => {
    const marker = uniqueSleep();
    const result = await sandbox.run(`setsid sleep ${marker} & echo done`);
    expect(result).toMatchObject({ exitCode: 0, stdout: 'done\n' });
    for (const pid of processesMatching(`sleep ${marker}`)) process.kill(pid, 'SIGKILL');
  });

  it('keeps at most maxOutputBytes per stream, marks truncation and drains the rest', async () => {
    const result = await sandbox.run("head -c 200000 /dev/zero | tr '\\0' a; echo done >&2");
    expect(result).toMatchObject({ exitCode: 0, truncated: true, stderr: 'done\n' });
    expect(result.stdout).toContain('bytes of output omitted');
    expect(result.stdout.replace(/\n\[… \d+ bytes of output omitted …\]\n/, '')).toBe('a'.repeat(4096));
  });

  it('kills the tree and rejects with the reason when aborted', async () => {
    const marker = uniqueSleep();
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop now')), 300);
    await expect(sandbox.run(`sleep ${marker} & sleep ${marker}`, { signal: controller.signal })).rejects.toThrow('stop now');
    await waitUntil(() => processesMatching(`sleep ${marker}`).length === 0);
    await expect(sandbox.run('true', { signal: controller.signal })).rejects.toThrow('stop now');
  });
});
