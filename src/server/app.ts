/**
 * The HTTP API: each route translates a request into one App API call and the result into JSON.
 * No business rules here; validation comes from the route schemas, authorisation from auth.ts.
 */
import path from 'node:path';
import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { RunRequest } from '../app-api.ts';
import { AutodevopsError, type Diagnostic } from '../core/errors.ts';
import type { RunStatus } from '../core/states.ts';
import { authenticate, type AuthEnv } from './auth.ts';
import { errorResponse } from './errors.ts';
import { describeApi } from './openapi.ts';
import * as routes from './routes.ts';
import type { ServerApp } from './server-app.ts';
import { streamRunEvents } from './sse.ts';
import type { TokenStore } from './token-store.ts';

/** What the API is built from. */
export interface ServerApiOptions {
  app: ServerApp;
  tokens: TokenStore;
  /** Workflow paths of dispatch requests are relative to this directory and may not leave it. */
  cwd: string;
  /** Resolves when the server shuts down: open event streams end. */
  stopping?: Promise<void>;
}

/** Zod issues as diagnostics naming the request part and field. */
const validationHook: Hook<unknown, AuthEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const diagnostics: Diagnostic[] = result.error.issues.map((issue) => ({
    location: { file: result.target, line: 1, column: 1 },
    message: `${[result.target, ...issue.path.map(String)].join('.')}: ${issue.message}`,
  }));
  const first = diagnostics[0]?.message ?? 'invalid request';
  return errorResponse(c, new AutodevopsError('ADO_REQUEST_INVALID', first, { diagnostics }));
};

/** The workflow path inside `cwd`, or a 400. */
function workflowPath(cwd: string, requested: string): string {
  const resolved = path.resolve(cwd, requested);
  const relative = path.relative(cwd, resolved);
  if (path.isAbsolute(requested) || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new AutodevopsError('ADO_REQUEST_INVALID', `body.workflow: "${requested}" is outside the server's working directory`, {
      hint: 'Give a path relative to the directory the server was started in, without "..".',
    });
  }
  return relative === '' ? '.' : relative;
}

/** Lets a run continue in the background; its failures are recorded in its history, not here. */
function detach(handle: { runId: string; done: Promise<unknown> } | undefined): void {
  handle?.done.catch(() => undefined);
}

/** Builds the API (without listening). */
export function createServerApi(options: ServerApiOptions): OpenAPIHono<AuthEnv> {
  const { app, tokens, cwd } = options;
  const stopping = options.stopping ?? new Promise<void>(() => undefined);
  const api = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  api.onError((e, c) => errorResponse(c, e instanceof HTTPException && e.status < 500 ? new AutodevopsError('ADO_REQUEST_INVALID', e.message) : e));
  api.notFound((c) => errorResponse(c, new AutodevopsError('ADO_ROUTE_NOT_FOUND', `no route ${c.req.method} ${c.req.path}`)));
  api.openapi(routes.healthRoute, (c) => c.json({ status: 'ok' as const }, 200));
  api.use('*', authenticate(tokens));
  describeApi(api);

  api.openapi(routes.listRunsRoute, async (c) => {
    const { status, before, limit } = c.req.valid('query');
    const runs = await app.listRuns({ limit, ...(before !== undefined && { before }), ...(status !== undefined && { status: status.split(',') as RunStatus[] }) });
    return c.json({ runs, ...(runs.length === limit && { next: runs.at(-1)!.id }) }, 200);
  });
  api.openapi(routes.getRunRoute, async (c) => c.json(await app.getRun(c.req.valid('param').id), 200));
  api.openapi(routes.dispatchRoute, async (c) => {
    const { workflow, ...rest } = c.req.valid('json');
    const request: RunRequest = { ...rest, workflowPath: workflowPath(cwd, workflow) };
    const handle = await app.startRun(request);
    detach(handle);
    return c.json({ runId: handle.runId, ...(handle.warnings && { warnings: handle.warnings }) }, 202);
  });
  api.openapi(routes.cancelRoute, async (c) => {
    const { id } = await app.getRun(c.req.valid('param').id);
    await app.cancel(id, `cancelled through the API by ${c.get('token').name}`);
    return c.json({ runId: id }, 202);
  });
  api.openapi(routes.approveRoute, async (c) => {
    const { id } = await app.getRun(c.req.valid('param').id);
    const { decision, comment } = c.req.valid('json');
    detach(await app.approve(id, { approve: decision === 'approve', by: c.get('token').name, ...(comment !== undefined && { comment }) }));
    return c.json({ runId: id }, 202);
  });
  api.openapi(routes.retryRoute, async (c) => {
    const { id } = await app.getRun(c.req.valid('param').id);
    const { failedOnly } = c.req.valid('json') ?? {};
    const handle = await app.retry(id, { failedOnly: failedOnly ?? false });
    detach(handle);
    return c.json({ runId: handle.runId }, 202);
  });
  api.openapi(routes.logsRoute, async (c) => {
    const { afterSeq, step } = c.req.valid('query');
    const chunks = await app.readLogs(c.req.valid('param').id, { ...(afterSeq !== undefined && { afterSeq }), ...(step !== undefined && { step }) });
    return c.json({ chunks }, 200);
  });
  api.openapi(routes.eventsRoute, async (c) => {
    const { id } = await app.getRun(c.req.valid('param').id);
    return streamRunEvents(c, app, id, stopping);
  });
  api.openapi(routes.metricsRoute, async (c) => c.text(await app.renderMetrics(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }));
  return api;
}
