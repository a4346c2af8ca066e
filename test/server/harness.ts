/** A real server on a loopback port over a temporary directory, for the server's tests. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openApp } from '../../src/app.ts';
import { startServer, type RunningServer } from '../../src/server/serve.ts';
import { openTokenStore, type Role, type TokenStore } from '../../src/server/token-store.ts';

/** A workflow of two `run:` steps. */
export const ciWorkflow = `name: ci
on: [push, workflow_dispatch]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo hello
      - run: echo world
`;

/** A workflow that waits for an approval by the token named "ops". */
export const gateWorkflow = `name: gate
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: autodevops/approval@v1
        with: { approvers: ops }
      - run: echo deployed
`;

/** The running server, its directory, and a token per role. */
export interface TestServer {
  server: RunningServer;
  dir: string;
  tokens: TokenStore;
  token: Record<Role, string>;
  /** fetch relative to the server with a role's token (or none). */
  call(pathname: string, init?: RequestInit & { role?: Role | 'none' }): Promise<Response>;
  stop(): Promise<void>;
}

/** Starts a server on port 0 with the two workflows in `.github/workflows`. */
export async function startTestServer(): Promise<TestServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ado-server-'));
  await mkdir(path.join(dir, '.github/workflows'), { recursive: true });
  await writeFile(path.join(dir, '.github/workflows/ci.yml'), ciWorkflow);
  await writeFile(path.join(dir, '.github/workflows/gate.yml'), gateWorkflow);
  const app = await openApp({ cwd: dir, env: { PATH: process.env.PATH, USER: 'tester' }, engine: { pollMs: 20 } });
  const tokens = openTokenStore({ dataDir: app.dataDir });
  const token = {
    viewer: tokens.create({ name: 'watcher', role: 'viewer' }).secret,
    operator: tokens.create({ name: 'ops', role: 'operator' }).secret,
    admin: tokens.create({ name: 'root', role: 'admin' }).secret,
  };
  const server = await startServer({ app, tokens, cwd: dir, port: 0, host: '127.0.0.1' });
  const call = (pathname: string, init: RequestInit & { role?: Role | 'none' } = {}): Promise<Response> => {
    const { role = 'operator', ...rest } = init;
    const headers = new Headers(rest.headers);
    if (role !== 'none') headers.set('authorization', `Bearer ${token[role]}`);
    return fetch(`${server.url}${pathname}`, { ...rest, headers });
  };
  const stop = async (): Promise<void> => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { server, dir, tokens, token, call, stop };
}

/** POST with a JSON body. */
export function jsonPost(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

/** A response body as the tests read it: shapes are asserted, not declared. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** Types a parsed body for assertions: `res.json().then(asJson)`. */
export const asJson = (body: unknown): Json => body;
