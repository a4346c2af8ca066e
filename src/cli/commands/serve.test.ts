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
  it('creates (shown once, creating the project), lists and revokes tokens', async () => {
    const created = await cli(['token', 'create', '--project', 'web', '--name', 'ci', '--role', 'operator', '--expires-in', '1h']);
    expect([created.code, created.stderr]).toEqual([0, 'Project web created.\n']);
    const secret = created.stdout.split('\n')[0]!;
    expect(secret).toMatch(/^ado_/);
    expect(created.stdout).toContain('operator of project web');
    const listed = await cli(['token', 'list', '--json']);
    const [token] = JSON.parse(listed.stdout);
    expect(token).toMatchObject({ name: 'ci', project: 'web', role: 'operator', expiresAt: 1_000 + 3_600_000 });
    expect(listed.stdout).not.toContain(secret);
    expect((await cli(['token', 'list'])).stdout).toContain('ci  web  operator  expires');
    expect((await cli(['token', 'revoke', token.id])).stdout).toContain('revoked');
    expect((await cli(['token', 'list'])).stdout).toContain('revoked');
    const server = JSON.parse((await cli(['token', 'create', '--project', '*', '--name', 'root', '--role', 'admin', '--expires', '2d', '--json'])).stdout);
    expect(server).toMatchObject({ project: '*', role: 'admin', token: expect.stringMatching(/^ado_/), expiresAt: 1_000 + 172_800_000 });
    expect((await cli(['token', 'create', '--project', 'web', '--name', 'v'])).stderr).toBe('');
    expect(JSON.parse((await cli(['token', 'list', '--project', 'web', '--json'])).stdout).map((t: { name: string }) => t.name)).toEqual(['ci', 'v']);
  });

  it('reports bad usage with exit 2', async () => {
    expect((await cli(['token', 'list'])).stdout).toContain('No API tokens');
    expect((await cli(['token', 'frobnicate'])).code).toBe(2);
    expect((await cli(['token', 'create', '--project', 'web'])).code).toBe(2);
    expect((await cli(['token', 'create', '--name', 'x'])).stderr).toContain('needs --project');
    expect((await cli(['token', 'create', '--name', 'x', '--project', 'Web Site'])).stderr).toContain('is not a project name');
    expect((await cli(['token', 'create', '--name', 'x', '--project', 'web', '--expires-in', '2027-01-01'])).stderr).toContain('is not a duration');
    expect((await cli(['token', 'revoke'])).code).toBe(2);
    expect((await cli(['token', 'revoke', 'nope'])).stderr).toContain('ADO_TOKEN_NOT_FOUND');
    expect((await cli(['token', 'create', '--name', 'x', '--project', 'web', '--role', 'god'])).code).toBe(2);
    expect((await cli(['token', 'list'])).stdout).toContain('No API tokens');
  });

  it('parses expiries', () => {
    expect(parseExpiry('30m', 0)).toBe(1_800_000);
    expect(parseExpiry('2d', 0)).toBe(172_800_000);
    expect(parseExpiry('2027-01-31T00:00:00Z', 0)).toBe(Date.UTC(2027, 0, 31));
    expect(() => parseExpiry('soon', 0)).toThrow(/neither a duration nor a date/);
  });
});

/** Runs `autodevops serve --port 0` in this process until `interrupt()`; resolves with its URL. */
async function serveInProcess(): Promise<{ url: string; stop: () => Promise<number>; stdout: TextBuffer }> {
  let interrupt: () => void = () => undefined;
  const stdout = new TextBuffer();
  const running = cli(['serve', '--port', '0'], { stdout, onInterrupt: (h) => ((interrupt = h), () => undefined) });
  while (!stdout.text.includes('http://')) await new Promise((r) => setTimeout(r, 20));
  return { url: /http:\/\/[\d.:]+/.exec(stdout.text)![0], stdout, stop: async () => (interrupt(), (await running).code) };
}

describe('autodevops serve', () => {
  it('accepts ports 0 to 65535', async () => {
    expect(parsePort('0')).toBe(0);
    expect(() => parsePort('65536')).toThrow(/0 to 65535/);
    expect(() => parsePort('-1')).toThrow(/0 to 65535/);
    expect((await cli(['serve', '--port', 'http'])).code).toBe(2);
  });

  it('serves the API with a project token until interrupted, then exits 0', async () => {
    const secret = (await cli(['token', 'create', '--project', 'web', '--name', 'ci', '--role', 'operator'])).stdout.split('\n')[0]!;
    const server = await serveInProcess();
    const res = await fetch(`${server.url}/v1/projects/web/runs`, { headers: { authorization: `Bearer ${secret}` } });
    expect(await res.json()).toEqual({ runs: [] });
    expect(await server.stop()).toBe(0);
    expect(server.stdout.text).toContain('Stopped');
  });
});

describe('autodevops secrets rotate-key', () => {
  it('seals the secrets again while the server runs; runs still get them', async () => {
    await writeFile(path.join(dir, '.github/workflows/show.yml'), 'on: push\njobs:\n  s:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "k=${{ secrets.KEY }}"\n');
    const admin = (await cli(['token', 'create', '--project', 'web', '--name', 'root', '--role', 'admin'])).stdout.split('\n')[0]!;
    const server = await serveInProcess();
    const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
    const api = (p: string, method: string, body?: unknown): Promise<Response> => fetch(`${server.url}/v1/projects/web${p}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
    expect((await api('/secrets/KEY', 'PUT', { value: 'very-secret-value' })).status).toBe(201);
    const before = readFileSync(path.join(dir, 'state/secrets.key'), 'utf8');
    const rotated = await cli(['secrets', 'rotate-key']);
    expect([rotated.code, rotated.stdout]).toEqual([0, expect.stringContaining('Sealed 1 secret(s) again')]);
    expect(readFileSync(path.join(dir, 'state/secrets.key'), 'utf8')).not.toBe(before);
    expect((await api('/workflows/show', 'PUT', { source: { path: '.' }, file: '.github/workflows/show.yml' })).status).toBe(201);
    const { runId } = await (await api('/runs', 'POST', { workflow: 'show' })).json() as { runId: string };
    let view: { status: string; conclusion?: string };
    for (;;) {
      view = await (await api(`/runs/${runId}`, 'GET')).json() as typeof view;
      if (view.status === 'completed') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(view.conclusion).toBe('success');
    const logs = await (await api(`/runs/${runId}/logs`, 'GET')).text();
    expect(logs).toContain('k=***');
    expect(logs).not.toContain('very-secret-value');
    expect(await server.stop()).toBe(0);
    expect((await cli(['secrets', 'nope'])).code).toBe(2);
    expect(JSON.parse((await cli(['secrets', 'rotate-key', '--json'])).stdout)).toMatchObject({ resealed: 1, keySource: 'file' });
  });

  it('with the key in the environment, tells to restart with the new one', async () => {
    const code = await main(['secrets', 'rotate-key', '--data-dir', 'state'], {
      stdout: new TextBuffer(), stderr: new TextBuffer(), cwd: dir, now: () => 1_000,
      env: { PATH: process.env.PATH, AUTODEVOPS_SECRETS_KEY: Buffer.alloc(32, 1).toString('base64'), AUTODEVOPS_SECRETS_NEW_KEY: Buffer.alloc(32, 2).toString('base64') },
    });
    expect(code).toBe(0);
  });
});

const root = path.resolve(import.meta.dirname, '../../..');

/** The built CLI, rebuilt when it predates the serve command. */
function builtCli(): string {
  const bundle = path.join(root, 'dist/cli.mjs');
  if (!existsSync(bundle) || !readFileSync(bundle, 'utf8').includes('openServerAdmin')) spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
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
    const secret = (await cli(['token', 'create', '--project', 'web', '--name', 'ops', '--role', 'admin'])).stdout.split('\n')[0]!;
    const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const first = await startProcess(bin);
    const registered = await fetch(`${first.url}/v1/projects/web/workflows/gate`, { method: 'PUT', headers, body: JSON.stringify({ source: { path: '.' }, file: '.github/workflows/gate.yml' }) });
    expect(registered.status).toBe(201);
    const { runId } = await (await fetch(`${first.url}/v1/projects/web/runs`, { method: 'POST', headers, body: JSON.stringify({ workflow: 'gate' }) })).json() as { runId: string };
    const status = async (url: string): Promise<string> => ((await (await fetch(`${url}/v1/projects/web/runs/${runId}`, { headers })).json()) as { status: string; conclusion?: string }).status;
    while ((await status(first.url)) !== 'waiting') await new Promise((r) => setTimeout(r, 50));
    first.kill();
    expect(await first.exit).toBe(0);
    // Released, not lost: the run is recorded as waiting and continues with `autodevops resume`/`approve`.
    expect(JSON.parse((await cli(['show', runId, '--json'])).stdout)).toMatchObject({ status: 'waiting' });
  });
});
