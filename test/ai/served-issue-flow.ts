/**
 * `autodevops serve` for the issue-driven tests, composed as the command composes it (serveApi) on
 * a loopback port, with a project and an admin token created as `autodevops token create` does,
 * and what those tests read back: runs through the API and its event stream, the server's own
 * output, and every file of a directory that holds a given text.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openServerAdmin, serveApi } from '../../src/app.ts';
import type { RunningServer } from '../../src/server/serve.ts';
import { readSse } from '../server/sse-reader.ts';
import type { ModelServer } from '../support/model-servers/script.ts';
import { sampleRepo } from './sample-repo.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** A response body as the tests read it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** The running server and the project `shop` on it. */
export interface ServedProject {
  url: string;
  dataDir: string;
  /** fetch of `/v1/projects/shop<sub>` with the admin token. */
  call(sub: string, init?: RequestInit): Promise<Response>;
  /** PUT a JSON body; returns the status. */
  put(sub: string, body: unknown): Promise<number>;
  /** POST a webhook delivery (no token: its signature or X-Gitlab-Token authenticates it). */
  deliver(forge: 'github' | 'gitlab', body: string, headers: Record<string, string>): Promise<{ status: number; json: Json }>;
  /** Follows the run's event stream (SSE) to `run.completed`; returns the run as GET …/runs/{run} shows it. */
  finished(runId: string): Promise<Json>;
  /** Every log chunk's text of the run, through the API. */
  logs(runId: string): Promise<string>;
  /** What the server wrote to stdout and stderr since it started. */
  output(): string;
  /** Stops the server (spans are flushed); restores stdout and stderr. Safe to call twice. */
  close(): Promise<void>;
  /** Removes the server's directory (after close). */
  remove(): void;
}

/** The environment that points the AI steps at a scripted model server. */
export function aiEnv(model: ModelServer): Record<string, string> {
  return { AUTODEVOPS_AI_PROVIDER: 'openai-compatible', AUTODEVOPS_AI_BASE_URL: model.url, AUTODEVOPS_AI_MODEL: 'scripted' };
}

/** The sample repository with an example workflow committed at `file`; returns its path. */
export function repoWithWorkflow(example: string, file: string): string {
  const work = sampleRepo();
  mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
  copyFileSync(path.join(root, example), path.join(work, file));
  const identity = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  execFileSync('git', ['add', '.'], { cwd: work });
  execFileSync('git', ['commit', '-q', '-m', 'issue-driven workflow'], { cwd: work, env: { ...process.env, ...identity } });
  return work;
}

/** Records what is written to stdout and stderr, still passing it on. */
function captureOutput(): { text(): string; restore(): void } {
  const seen: string[] = [];
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((s) => s.write.bind(s));
  streams.forEach((stream, i) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      seen.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return originals[i]!(chunk, ...rest);
    }) as typeof stream.write;
  });
  return { text: () => seen.join(''), restore: () => streams.forEach((s, i) => (s.write = originals[i]!)) };
}

/** Creates project `shop` and its admin token in a fresh data directory, then serves it on a free port. */
export async function serveProject(env: Record<string, string>): Promise<ServedProject> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'ado-serve-'));
  const dataDir = path.join(cwd, '.autodevops');
  const fullEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
  const admin = await openServerAdmin({ cwd, dataDir, env: fullEnv });
  admin.projects.create('shop');
  const token = admin.tokens.create({ name: 'me', project: 'shop', role: 'admin' }).secret;
  admin.close();
  const output = captureOutput();
  let server: RunningServer;
  try {
    server = await serveApi({ cwd, dataDir, env: fullEnv, port: 0, host: '127.0.0.1', engine: { pollMs: 20 } });
  } catch (error) {
    output.restore();
    throw error;
  }
  const base = `${server.url}/v1/projects/shop`;
  const call = (sub: string, init: RequestInit = {}): Promise<Response> => fetch(`${base}${sub}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });
  return {
    url: server.url, dataDir, call, output: output.text,
    put: async (sub, body) => (await call(sub, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status,
    async deliver(forge, body, headers) {
      const res = await fetch(`${base}/webhooks/${forge}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
      return { status: res.status, json: await res.json() };
    },
    async finished(runId) {
      const events = await readSse(await call(`/runs/${runId}/events`), (m) => m.event === 'run.completed');
      if (events.at(-1)?.event !== 'run.completed') throw new Error(`the event stream of ${runId} ended before the run did`);
      return (await call(`/runs/${runId}`)).json();
    },
    async logs(runId) {
      const { chunks } = (await (await call(`/runs/${runId}/logs?limit=5000`)).json()) as { chunks: Array<{ text: string }> };
      return chunks.map((c) => c.text).join('');
    },
    async close() {
      try {
        await server.close();
      } finally {
        output.restore();
      }
    },
    remove: () => rmSync(cwd, { recursive: true, force: true }),
  };
}

/** The files under `dir` (hidden ones and binary ones included) that hold any of `needles`, relative to it. */
export function filesHolding(dir: string, needles: string[]): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = readFileSync(file);
    if (needles.some((n) => bytes.includes(n))) found.push(path.relative(dir, file));
  }
  return found;
}

/** Every file called `config` inside a `.git` directory under `dir`, with its text. */
export function gitConfigs(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name === 'config' && path.basename(e.parentPath) === '.git')
    .map((e) => ({ file: path.relative(dir, path.join(e.parentPath, e.name)), text: readFileSync(path.join(e.parentPath, e.name), 'utf8') }));
}
