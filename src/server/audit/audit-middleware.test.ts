import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MiddlewareHandler } from 'hono';
import { AutodevopsError } from '../../core/errors.ts';
import { errorResponse } from '../errors.ts';
import { actionName } from './action-name.ts';
import { AuditLog } from './audit-log.ts';
import { auditMiddleware, outcomeOf, remoteAddress } from './audit-middleware.ts';

let dir: string;
let db: DatabaseSync;
let log: AuditLog;
let server: ServerType;
let base: string;

type AuthEnv = { Variables: { token: { name: string } } };
const secret = { viewer: 'ado_viewer-secret', operator: 'ado_operator-secret', revoked: 'ado_revoked-secret' } as Record<string, string>;
const known = new Map([[secret.viewer, { name: 'watcher', role: 'viewer' }], [secret.operator, { name: 'ops', role: 'operator' }]]);
const hashToken = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Answers like the server's access middleware (src/server/auth.ts): 401 ADO_UNAUTHENTICATED, 403 ADO_FORBIDDEN. */
function authenticate(): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const presented = /^Bearer\s+(\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    const token = presented === undefined ? undefined : known.get(presented);
    if (!token) {
      const reason = presented === undefined ? 'the request has no `Authorization: Bearer <token>` header' : presented === secret.revoked ? 'the API token was revoked' : 'the API token is not valid';
      return errorResponse(c, new AutodevopsError('ADO_UNAUTHENTICATED', reason));
    }
    if (c.req.method !== 'GET' && token.role === 'viewer') return errorResponse(c, new AutodevopsError('ADO_FORBIDDEN', `token "${token.name}" has role viewer`));
    c.set('token', token);
    await next();
  };
}

/** A small API with the real authentication, audited the way the server is. */
function buildApp(): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.onError((e, c) => errorResponse(c, e));
  app.notFound((c) => errorResponse(c, new AutodevopsError('ADO_ROUTE_NOT_FOUND', `no route ${c.req.method} ${c.req.path}`)));
  app.use('*', auditMiddleware<AuthEnv>(log, {
    actorOf: (c) => {
      const token = c.get('token') as { name: string } | undefined;
      return token ? `token:${token.name}` : c.req.path.startsWith('/hooks/') ? 'webhook:github' : undefined;
    },
    projectOf: (c) => c.req.param('project'),
    actionOf: (c, route) => (route.path === '/hooks/github' ? 'webhook.receive' : undefined),
  }));
  app.post('/hooks/github', (c) => {
    if (!c.req.header('x-hub-signature-256')) return errorResponse(c, new AutodevopsError('ADO_WEBHOOK_SIGNATURE', 'no signature'));
    return c.req.header('x-github-event') === 'ping' ? c.json({ runs: [], ignored: 'ping: the webhook is set up' }, 202) : c.json({ runs: [{ runId: 'run-1' }] }, 202);
  });
  app.use('/v1/*', authenticate());
  app.get('/v1/runs', (c) => c.json({ runs: [] }));
  app.post('/v1/runs', (c) => c.json({ runId: 'run-9' }, 202));
  app.post('/v1/runs/:id/cancel', (c) => (c.req.param('id') === 'done' ? errorResponse(c, new AutodevopsError('ADO_RUN_STATE', 'run is completed')) : c.json({ runId: c.req.param('id') }, 202)));
  app.post('/v1/runs/:id/approve', (c) => c.json({ runId: c.req.param('id') }, 202));
  app.put('/v1/projects/:project/secrets/:name', (c) => c.body(null, 204));
  app.post('/v1/projects/:project/runs', (c) => c.json({ runId: 'run-10' }, 202));
  app.delete('/v1/tokens/:id', (c) => c.text('gone'));
  app.post('/v1/boom', () => {
    throw new Error('kaboom');
  });
  return app;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ado-audit-mw-'));
  db = new DatabaseSync(path.join(dir, 'server.db'));
  log = new AuditLog(db);
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: buildApp().fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => db.exec('DELETE FROM audit_log; UPDATE audit_anchor SET seq = 0, hash = \'' + '0'.repeat(64) + '\''));

const call = (pathname: string, init: RequestInit & { as?: string } = {}): Promise<Response> => {
  const headers = new Headers(init.headers);
  if (init.as) headers.set('authorization', `Bearer ${secret[init.as] ?? init.as}`);
  return fetch(`${base}${pathname}`, { ...init, headers });
};

describe('auditMiddleware', () => {
  it('records state-changing calls with actor, project, action, target and outcome, not reads', async () => {
    expect((await call('/v1/runs', { as: 'operator' })).status).toBe(200);
    expect((await call('/v1/runs', { method: 'POST', as: 'operator' })).status).toBe(202);
    expect((await call('/v1/runs/r1/cancel', { method: 'POST', as: 'operator' })).status).toBe(202);
    expect((await call('/v1/runs/done/cancel', { method: 'POST', as: 'operator' })).status).toBe(409);
    expect((await call('/v1/runs/r1/approve', { method: 'POST', as: 'operator' })).status).toBe(202);
    expect((await call('/v1/projects/acme/secrets/DEPLOY%20KEY', { method: 'PUT', as: 'operator', body: 'hunter2' })).status).toBe(204);
    expect((await call('/v1/tokens/t-1', { method: 'DELETE', as: 'operator' })).status).toBe(200);
    expect((await call('/v1/projects/acme/runs', { method: 'POST', as: 'operator' })).status).toBe(202);
    const entries = log.list();
    expect(entries.map((e) => [e.actor, e.project, e.action, e.target, e.outcome])).toEqual([
      ['token:ops', undefined, 'run.dispatch', 'run-9', 'ok'],
      ['token:ops', undefined, 'run.cancel', 'r1', 'ok'],
      ['token:ops', undefined, 'run.cancel', 'done', 'rejected'],
      ['token:ops', undefined, 'approval.decide', 'r1', 'ok'],
      ['token:ops', 'acme', 'secret.put', 'DEPLOY KEY', 'ok'],
      ['token:ops', undefined, 'token.revoke', 't-1', 'ok'],
      ['token:ops', 'acme', 'run.dispatch', 'run-10', 'ok'],
    ]);
    expect(entries[2]!.details).toEqual({ method: 'POST', path: '/v1/runs/done/cancel', status: 409, code: 'ADO_RUN_STATE', address: '127.0.0.1' });
    expect(JSON.stringify(entries)).not.toContain('hunter2');
    expect(log.verify()).toMatchObject({ ok: true, entries: 7 });
  });

  it('records a call refused for its role as denied, and a handler failure as error', async () => {
    expect((await call('/v1/runs', { method: 'POST', as: 'viewer' })).status).toBe(403);
    expect((await call('/v1/boom', { method: 'POST', as: 'operator' })).status).toBe(500);
    expect(log.list().map((e) => [e.actor, e.action, e.outcome, e.details.code])).toEqual([
      ['anonymous', 'run.dispatch', 'denied', 'ADO_FORBIDDEN'],
      ['token:ops', 'boom.create', 'error', 'ADO_INTERNAL'],
    ]);
    expect(log.list()[0]!.details.tokenHashPrefix).toBe(hashToken(secret.viewer!).slice(0, 12));
    expect(log.list()[1]!.details).not.toHaveProperty('tokenHashPrefix');
  });

  it('records every failed authentication as login.failed, reads included, with the token\'s hash prefix only', async () => {
    expect((await call('/v1/runs')).status).toBe(401);
    expect((await call('/v1/runs', { as: 'revoked' })).status).toBe(401);
    expect((await call('/v1/nowhere', { method: 'POST', as: 'not-a-token' })).status).toBe(401);
    const entries = log.list();
    expect(entries.map((e) => [e.actor, e.action, e.outcome])).toEqual(Array(3).fill(['anonymous', 'login.failed', 'denied']));
    expect(entries[0]!.details).toEqual({ method: 'GET', path: '/v1/runs', status: 401, code: 'ADO_UNAUTHENTICATED', address: '127.0.0.1', reason: expect.stringContaining('no `Authorization') });
    expect(entries[1]!.details).toMatchObject({ reason: 'the API token was revoked', tokenHashPrefix: hashToken(secret.revoked!).slice(0, 12) });
    expect(JSON.stringify(entries)).not.toContain(secret.revoked);
    expect(JSON.stringify(entries)).not.toContain('not-a-token');
  });

  it('uses the caller\'s actor and action for webhooks, and records a forged delivery as login.failed', async () => {
    expect((await call('/hooks/github', { method: 'POST', headers: { 'x-hub-signature-256': 'sha256=x' } })).status).toBe(202);
    expect((await call('/hooks/github', { method: 'POST' })).status).toBe(401);
    expect(log.list().map((e) => [e.actor, e.action, e.outcome, e.target])).toEqual([
      ['webhook:github', 'webhook.receive', 'ok', undefined],
      ['webhook:github', 'login.failed', 'denied', undefined],
    ]);
  });

  it('records why a delivery started nothing, as the answer says it', async () => {
    const signed = { 'x-hub-signature-256': 'sha256=x' };
    expect((await call('/hooks/github', { method: 'POST', headers: { ...signed, 'x-github-event': 'ping' } })).status).toBe(202);
    expect((await call('/hooks/github', { method: 'POST', headers: { ...signed, 'x-github-event': 'issues' } })).status).toBe(202);
    const [ping, issues] = log.list();
    expect(ping).toMatchObject({ action: 'webhook.receive', outcome: 'ok', details: { status: 202, ignored: 'ping: the webhook is set up' } });
    expect(issues!.details).not.toHaveProperty('ignored');
    expect(log.verify()).toMatchObject({ ok: true, entries: 2 });
  });

  it('ignores calls that reach no route', async () => {
    expect((await call('/v1/nowhere', { method: 'POST', as: 'operator' })).status).toBe(404);
    expect((await call('/elsewhere', { method: 'DELETE' })).status).toBe(404);
    expect(log.list()).toEqual([]);
  });
});

describe('helpers', () => {
  it('maps statuses to outcomes', () => {
    expect([200, 204, 302, 400, 401, 403, 404, 409, 429, 500, 503].map(outcomeOf)).toEqual(['ok', 'ok', 'ok', 'rejected', 'denied', 'denied', 'rejected', 'rejected', 'rejected', 'error', 'error']);
  });

  it('has no address outside @hono/node-server', async () => {
    const app = new Hono();
    app.get('/', (c) => c.text(String(remoteAddress(c))));
    expect(await (await app.request('/')).text()).toBe('undefined');
  });

  it('derives action names from route patterns', () => {
    expect(actionName('POST', '/v1/runs')).toBe('run.dispatch');
    expect(actionName('POST', '/v1/projects/:project/runs')).toBe('run.dispatch');
    expect(actionName('POST', '/v1/projects/{project}/runs/{id}/approve')).toBe('approval.decide');
    expect(actionName('POST', '/v1/projects/:project/runs/:id/retry')).toBe('run.retry');
    expect(actionName('PUT', '/v1/projects/:project/secrets/:name')).toBe('secret.put');
    expect(actionName('DELETE', '/v1/projects/:project/variables/:name')).toBe('variable.delete');
    expect(actionName('POST', '/v1/projects')).toBe('project.create');
    expect(actionName('DELETE', '/v1/projects/:project')).toBe('project.delete');
    expect(actionName('POST', '/v1/projects/:project/tokens')).toBe('token.create');
    expect(actionName('POST', '/v1/projects/:project/workflows/:id/versions')).toBe('version.create');
    expect(actionName('PATCH', '/v1/projects/:project/policies/:id')).toBe('policy.update');
    expect(actionName('POST', '/v1/projects/:project/webhooks/github')).toBe('webhook.github');
    expect(actionName('POST', '/v1/runs/:id/status')).toBe('run.status');
    expect(actionName('PURGE', '/')).toBe('root.purge');
  });
});
