// What bubblewrap adds over the 'none' sandbox: file system and network isolation.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSandbox } from './open-sandbox.ts';
import type { SandboxPolicy } from './sandbox.ts';

let workspace: string;
let server: Server;
let port: number;
let connections = 0;

const policy = (extra: Partial<SandboxPolicy> = {}): SandboxPolicy => ({ workspace, network: false, env: {}, timeoutMs: 10_000, maxOutputBytes: 65_536, ...extra });
const open = (extra: Partial<SandboxPolicy> = {}) => openSandbox(policy(extra), { mode: 'bubblewrap', allowUnsandboxed: false });

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'ado-bwrap-'));
  mkdirSync(join(workspace, '.git'));
  server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  rmSync(workspace, { recursive: true, force: true });
  await new Promise((resolve) => server.close(resolve));
});

describe('bubblewrap sandbox', () => {
  it('refuses writes outside the workspace', async () => {
    const sandbox = await open();
    for (const target of ['/etc/ado-x', '/usr/ado-x', '/bin/ado-x']) {
      const result = await sandbox.run(`echo x > ${target}`);
      expect(result.exitCode, target).not.toBe(0);
      expect(result.stderr).toMatch(/Read-only file system|No such file/);
      expect(existsSync(target)).toBe(false);
    }
  });

  it('gives a private /tmp and hides home directories', async () => {
    const sandbox = await open();
    const marker = `ado-private-${process.pid}`;
    const result = await sandbox.run(`echo x > /tmp/${marker} && echo "$HOME" && ls /root`);
    expect(result.stdout).toBe('/tmp\n');
    expect(result.exitCode).not.toBe(0);
    expect(existsSync(join('/tmp', marker))).toBe(false);
  });

  it('blocks the network, loopback included, unless allowed', async () => {
    const connect = `echo hi > /dev/tcp/127.0.0.1/${port}`;
    const blocked = await (await open()).run(connect);
    expect(blocked.exitCode).not.toBe(0);
    expect(connections).toBe(0);
    const allowed = await (await open({ network: true })).run(connect);
    expect(allowed.exitCode).toBe(0);
    expect(connections).toBe(1);
  });

  it('binds extra paths read-only after the workspace, so a .git inside it can be protected', async () => {
    const sandbox = await open({ extraReadOnly: [join(workspace, '.git')] });
    expect((await sandbox.run('echo ok > file.txt && echo hook > .git/hook')).exitCode).not.toBe(0);
    expect(readFileSync(join(workspace, 'file.txt'), 'utf8')).toBe('ok\n');
    expect(existsSync(join(workspace, '.git', 'hook'))).toBe(false);
  });

  it('runs without capabilities even when started by root', async () => {
    const { stdout } = await (await open()).run('grep CapEff /proc/self/status');
    expect(stdout).toMatch(/CapEff:\s+0+\n/);
  });
});
