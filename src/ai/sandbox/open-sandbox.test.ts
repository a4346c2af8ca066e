import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutodevopsError } from '../../core/errors.ts';
import { openSandbox, type OpenSandboxOptions } from './open-sandbox.ts';
import type { SandboxPolicy } from './sandbox.ts';

let dir: string;
let policy: SandboxPolicy;

function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

async function failure(options: OpenSandboxOptions, extra: Partial<SandboxPolicy> = {}): Promise<AutodevopsError> {
  const error = await openSandbox({ ...policy, ...extra }, options).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AutodevopsError);
  expect((error as AutodevopsError).code).toBe('ADO_SANDBOX_UNAVAILABLE');
  return error as AutodevopsError;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ado-open-sandbox-'));
  mkdirSync(join(dir, 'workspace'));
  mkdirSync(join(dir, 'a-directory'));
  policy = { workspace: join(dir, 'workspace'), network: false, env: {}, timeoutMs: 5000, maxOutputBytes: 1024 };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openSandbox', () => {
  it('opens bubblewrap found on PATH after a passing health check', async () => {
    const sandbox = await openSandbox(policy, { mode: 'auto', allowUnsandboxed: false });
    expect(sandbox.kind).toBe('bubblewrap');
    expect(sandbox.fallbackReason).toBeUndefined();
  });

  it('names the path when the bubblewrap binary is missing', async () => {
    const error = await failure({ mode: 'bubblewrap', allowUnsandboxed: true, bwrapPath: '/nowhere/bwrap' });
    expect(error.message).toContain('not found (or not executable) at /nowhere/bwrap');
  });

  it('says which name was looked up on PATH', async () => {
    const error = await failure({ mode: 'auto', allowUnsandboxed: false, bwrapPath: 'no-such-bwrap-binary' });
    expect(error.message).toContain('"no-such-bwrap-binary" not found on PATH');
  });

  it('reports the exit code and stderr of a bubblewrap that fails', async () => {
    const broken = script('broken-bwrap', 'echo "bwrap: setting up uid map: Permission denied" >&2; exit 1');
    const error = await failure({ mode: 'bubblewrap', allowUnsandboxed: false, bwrapPath: broken });
    expect(error.message).toContain(`bubblewrap at ${broken} failed its health check`);
    expect(error.message).toContain('exited with code 1');
    expect(error.message).toContain('bwrap: setting up uid map: Permission denied');
  });

  it('reports a bubblewrap that does not answer in time', async () => {
    const hanging = script('hanging-bwrap', 'exec sleep 30');
    const error = await failure({ mode: 'bubblewrap', allowUnsandboxed: false, bwrapPath: hanging, healthTimeoutMs: 200 });
    expect(error.message).toContain('timed out after 200 ms');
  });

  it('reports a bubblewrap killed by a signal and one that cannot be started', async () => {
    const killed = script('killed-bwrap', 'kill -9 $$');
    expect((await failure({ mode: 'bubblewrap', allowUnsandboxed: false, bwrapPath: killed })).message).toContain('was killed by SIGKILL');
    const directory = join(dir, 'a-directory');
    expect((await failure({ mode: 'bubblewrap', allowUnsandboxed: false, bwrapPath: directory })).message).toContain('could not be started');
  });

  it('falls back to no sandbox in auto mode only when allowed, saying why', async () => {
    const sandbox = await openSandbox(policy, { mode: 'auto', allowUnsandboxed: true, bwrapPath: '/nowhere/bwrap' });
    expect(sandbox.kind).toBe('none');
    expect(sandbox.fallbackReason).toContain('/nowhere/bwrap');
    await failure({ mode: 'auto', allowUnsandboxed: false, bwrapPath: '/nowhere/bwrap' });
  });

  it('runs unsandboxed in none mode only when allowed explicitly', async () => {
    expect((await openSandbox(policy, { mode: 'none', allowUnsandboxed: true })).kind).toBe('none');
    const error = await failure({ mode: 'none', allowUnsandboxed: false });
    expect(error.message).toContain('unsandboxed execution was not allowed');
  });

  it('refuses a workspace that does not exist', async () => {
    const error = await failure({ mode: 'none', allowUnsandboxed: true }, { workspace: join(dir, 'missing') });
    expect(error.message).toContain(join(dir, 'missing'));
  });
});
