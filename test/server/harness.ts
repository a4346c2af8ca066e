/**
 * A real server on a loopback port over a temporary directory, for the server's tests: project
 * `demo` with a token per role, and helpers to register the directory's workflows and run them.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openApp } from '../../src/app.ts';
import { openServerDeps, type OpenedServerDeps } from '../../src/server/deps.ts';
import type { Role } from '../../src/server/registry/tokens.ts';
import { startServer, type RunningServer } from '../../src/server/serve.ts';
import { createTriggers } from '../../src/server/triggers.ts';
import { hardening } from '../../src/server/hardening.ts';
import { matchTrigger } from '../../src/dsl/trigger-filter.ts';
import { systemClock } from '../../src/core/clock.ts';
import { openKeyFileSealer, secretKeyEnv } from '../../src/store/sealer.ts';

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

/** Another project and a token of it. */
export interface As {
  project: string;
  token: string;
}

/** The running server, its directory, and a token per role of project `demo`. */
export interface TestServer {
  server: RunningServer;
  dir: string;
  deps: OpenedServerDeps;
  token: Record<Role, string>;
  /** fetch relative to the server with a role's token of `demo` (default operator), another token, or none. */
  call(pathname: string, init?: RequestInit & { role?: Role | 'none'; token?: string }): Promise<Response>;
  /** `/v1/projects/demo` + sub. */
  p(sub?: string): string;
  /** Registers `.github/workflows/<id>.yml` of the server's directory as workflow `<id>` (of demo, or `as` another project); returns its version. */
  register(id: string, as?: As): Promise<string>;
  /** Dispatches a run of a registered workflow of demo; returns its id. */
  dispatch(workflow: string, body?: Record<string, unknown>): Promise<string>;
  /** Polls the run until it is no longer queued or running. */
  settle(runId: string, as?: As): Promise<Json>;
  stop(): Promise<void>;
}

/** The sealer factory the composition root uses. */
export const sealWith = (key: Buffer) => openKeyFileSealer({ dataDir: '/nonexistent', env: { [secretKeyEnv]: key.toString('base64') } });

/** Starts a server on port 0 with `files` (default: ci.yml and gate.yml in .github/workflows). */
export async function startTestServer(files: Record<string, string> = {}): Promise<TestServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ado-server-'));
  const all = { '.github/workflows/ci.yml': ciWorkflow, '.github/workflows/gate.yml': gateWorkflow, ...files };
  for (const [file, text] of Object.entries(all)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, USER: 'tester' };
  const app = await openApp({ cwd: dir, env, engine: { pollMs: 20 } });
  const deps = openServerDeps({ app, root: dir, env, sealWith });
  deps.projects.create('demo');
  const create = (name: string, role: Role): string => deps.tokens.create({ name, project: 'demo', role }).secret;
  const token = { viewer: create('watcher', 'viewer'), operator: create('ops', 'operator'), admin: create('root', 'admin') };
  // As `autodevops serve` composes it: webhooks, schedules, limits (generous: tests call fast) and the audit log.
  const triggers = createTriggers(deps, { matchTrigger, clock: systemClock });
  const roomy = { ratePerSecond: 100_000, burst: 100_000 };
  const server = await startServer({ deps, port: 0, host: '127.0.0.1', modules: triggers.modules, middleware: hardening(deps, { rateLimit: { perToken: roomy, perAddress: roomy } }) });
  const call = (pathname: string, init: RequestInit & { role?: Role | 'none'; token?: string } = {}): Promise<Response> => {
    const { role = 'operator', token: given, ...rest } = init;
    const headers = new Headers(rest.headers);
    const secret = given ?? (role === 'none' ? undefined : token[role]);
    if (secret !== undefined) headers.set('authorization', `Bearer ${secret}`);
    return fetch(`${server.url}${pathname}`, { ...rest, headers });
  };
  const p = (sub = ''): string => `/v1/projects/demo${sub}`;
  const t: TestServer = {
    server, dir, deps, token, call, p,
    async register(id, as) {
      const res = await call(`/v1/projects/${as?.project ?? 'demo'}/workflows/${id}`, { ...jsonPut({ source: { path: '.' }, file: `.github/workflows/${id}.yml` }), role: 'admin', token: as?.token });
      if (res.status !== 200 && res.status !== 201) throw new Error(`register ${id}: ${res.status} ${await res.text()}`);
      return (await res.json().then(asJson)).version.version;
    },
    async dispatch(workflow, body = {}) {
      const res = await call(p('/runs'), jsonPost({ workflow, ...body }));
      if (res.status !== 202) throw new Error(`dispatch ${workflow}: ${res.status} ${await res.text()}`);
      return (await res.json().then(asJson)).runId;
    },
    async settle(runId, as) {
      for (let i = 0; i < 400; i++) {
        const view = await (await call(`/v1/projects/${as?.project ?? 'demo'}/runs/${runId}`, { role: 'viewer', token: as?.token })).json().then(asJson);
        if (view.status !== 'queued' && view.status !== 'running') return view;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`run ${runId} did not settle`);
    },
    async stop() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return t;
}

/** POST with a JSON body. */
export function jsonPost(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

/** PUT with a JSON body. */
export function jsonPut(body: unknown): RequestInit {
  return { ...jsonPost(body), method: 'PUT' };
}

/** A response body as the tests read it: shapes are asserted, not declared. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** Types a parsed body for assertions: `res.json().then(asJson)`. */
export const asJson = (body: unknown): Json => body;

/** Asserts an error response's status and code; returns its body. */
export async function errorOf(res: Response): Promise<{ status: number; code: string; message: string; body: Json }> {
  const body = await res.json().then(asJson);
  return { status: res.status, code: body?.error?.code, message: body?.error?.message, body };
}

/** Every row of server.db's tables, to show that a refused request changed nothing. */
export function dbSnapshot(deps: OpenedServerDeps): string {
  const tables = ['projects', 'tokens', 'workflows', 'workflow_versions', 'runs', 'variables', 'secrets', 'webhook_secrets'];
  return JSON.stringify(tables.map((table) => deps.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()));
}
