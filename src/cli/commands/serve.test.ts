import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../main.ts';
import { TextBuffer } from '../testing/text-output.ts';
import { parsePort } from './serve.ts';
import { parseExpiry } from './token.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ado-serve-'));
  await mkdir(path.join(dir, '.github/workflows'), { recursive: true });
  await writeFile(path.join(dir, '.github/workflows/gate.yml'), 'on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: autodevops/approval@v1\n      - run: echo deployed\n');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(argv: string[], io: { onInterrupt?: (h: () => void) => () => void; stdout?: TextBuffer } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = io.stdout ?? new TextBuffer();
  const stderr = new TextBuffer();
  const code = await main([...argv, '--data-dir', 'state'], { stdout, stderr, cwd: dir, env: { PATH: process.env.PATH }, now: () => 1_000, ...(io.onInterrupt && { onInterrupt: io.onInterrupt }) });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('autodevops token', () => {
  it('creates (shown once), lists and revokes tokens', async () => {
    const created = await cli(['token', 'create', '--name', 'ci', '--role', 'operator', '--expires', '1h']);
    expect(created.code).toBe(0);
    const secret = created.stdout.split('\n')[0]!;
    expect(secret).toMatch(/^ado_/);
    const listed = await cli(['token', 'list', '--json']);
    const [token] = JSON.parse(listed.stdout);
    expect(token).toMatchObject({ name: 'ci', role: 'operator', expiresAt: 1_000 + 3_600_000 });
    expect(listed.stdout).not.toContain(secret);
    expect((await cli(['token', 'list'])).stdout).toContain('ci  operator  expires');
    expect((await cli(['token', 'revoke', token.id])).stdout).toContain('revoked');
    expect((await cli(['token', 'list'])).stdout).toContain('revoked');
    expect(JSON.parse((await cli(['token', 'create', '--name', 'v', '--json'])).stdout)).toMatchObject({ role: 'viewer', token: expect.stringMatching(/^ado_/) });
  });

  it('reports bad usage with exit 2', async () => {
    expect((await cli(['token', 'list'])).stdout).toContain('No API tokens');
    expect((await cli(['token', 'frobnicate'])).code).toBe(2);
    expect((await cli(['token', 'create'])).code).toBe(2);
    expect((await cli(['token', 'revoke'])).code).toBe(2);
    expect((await cli(['token', 'revoke', 'nope'])).stderr).toContain('ADO_TOKEN_NOT_FOUND');
    expect((await cli(['token', 'create', '--name', 'x', '--role', 'god'])).code).toBe(2);
  });

  it('parses expiries', () => {
    expect(parseExpiry('30m', 0)).toBe(1_800_000);
    expect(parseExpiry('2d', 0)).toBe(172_800_000);
    expect(parseExpiry('2027-01-31T00:00:00Z', 0)).toBe(Date.UTC(2027, 0, 31));
    expect(() => parseExpiry('soon', 0)).toThrow(/neither a duration nor a date/);
  });
});

describe('autodevops serve', () => {
  it('accepts ports 0 to 65535', async () => {
    expect(parsePort('0')).toBe(0);
    expect(() => parsePort('65536')).toThrow(/0 to 65535/);
    expect(() => parsePort('-1')).toThrow(/0 to 65535/);
    expect((await cli(['serve', '--port', 'http'])).code).toBe(2);
  });

  it('serves the API with a token until interrupted, then exits 0', async () => {
    const secret = (await cli(['token', 'create', '--name', 'ci', '--role', 'operator'])).stdout.split('\n')[0]!;
    let interrupt: () => void = () => undefined;
    const stdout = new TextBuffer();
    const running = cli(['serve', '--port', '0'], { stdout, onInterrupt: (h) => ((interrupt = h), () => undefined) });
    while (!stdout.text.includes('http://')) await new Promise((r) => setTimeout(r, 20));
    const url = /http:\/\/[\d.:]+/.exec(stdout.text)![0];
    const res = await fetch(`${url}/v1/runs`, { headers: { authorization: `Bearer ${secret}` } });
    expect(await res.json()).toEqual({ runs: [] });
    interrupt();
    expect((await running).code).toBe(0);
    expect(stdout.text).toContain('Stopped');
  });
});

const root = path.resolve(import.meta.dirname, '../../..');

/** The built CLI, rebuilt when it predates the serve command. */
function builtCli(): string {
  const bundle = path.join(root, 'dist/cli.mjs');
  if (!existsSync(bundle) || !readFileSync(bundle, 'utf8').includes('serveApi')) spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  return path.join(root, 'bin/autodevops.mjs');
}

/** Starts `autodevops serve` as a process; resolves with its URL. */
async function startProcess(bin: string): Promise<{ url: string; exit: Promise<number | null>; kill: () => void }> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--json', '--data-dir', 'state'], { cwd: dir, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const out = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += String(chunk);
      if (text.includes('\n')) resolve(text);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening`)));
  });
  return { url: JSON.parse(out.split('\n')[0]!).url, exit, kill: () => child.kill('SIGTERM') };
}

describe('autodevops serve as a process', () => {
  it('exits 0 on SIGTERM, leaving the waiting run recorded for resume', async () => {
    const bin = builtCli();
    const secret = (await cli(['token', 'create', '--name', 'ops', '--role', 'operator'])).stdout.split('\n')[0]!;
    const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const first = await startProcess(bin);
    const { runId } = await (await fetch(`${first.url}/v1/runs`, { method: 'POST', headers, body: JSON.stringify({ workflow: '.github/workflows/gate.yml' }) })).json() as { runId: string };
    const status = async (url: string): Promise<string> => ((await (await fetch(`${url}/v1/runs/${runId}`, { headers })).json()) as { status: string; conclusion?: string }).status;
    while ((await status(first.url)) !== 'waiting') await new Promise((r) => setTimeout(r, 50));
    first.kill();
    expect(await first.exit).toBe(0);
    // Released, not lost: the run is recorded as waiting and continues with `autodevops resume`/`approve`.
    expect(JSON.parse((await cli(['show', runId, '--json'])).stdout)).toMatchObject({ status: 'waiting' });
  });
});
