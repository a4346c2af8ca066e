import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asJson, jsonPost, startTestServer, type TestServer } from '../../test/server/harness.ts';
import { requiredRole } from './auth.ts';

let t: TestServer;
let operations: Array<{ method: string; path: string }>;
beforeAll(async () => {
  t = await startTestServer();
  const document = await (await t.call('/openapi.json', { role: 'viewer' })).json().then(asJson);
  operations = Object.entries(document.paths as Record<string, object>).flatMap(([p, item]) => Object.keys(item).map((method) => ({ method: method.toUpperCase(), path: p.replace('{id}', 'zzzz') })));
});
afterAll(async () => {
  await t.stop();
});

const errorCode = async (res: Response): Promise<string> => (await res.json().then(asJson)).error.code;

describe('authorisation of every route in the OpenAPI document', () => {
  it('answers 401 without a token, except /healthz', async () => {
    expect(operations.length).toBeGreaterThanOrEqual(10);
    for (const op of operations) {
      const res = await t.call(op.path, { method: op.method, role: 'none' });
      if (op.path === '/healthz') expect(res.status).toBe(200);
      else expect([op, res.status, await errorCode(res)]).toEqual([op, 401, 'ADO_UNAUTHENTICATED']);
    }
    expect((await t.call('/openapi.json', { role: 'none' })).status).toBe(401);
    expect((await t.call('/docs', { role: 'none' })).status).toBe(401);
  });

  it('answers 403 to a viewer on every non-GET route', async () => {
    const writes = operations.filter((op) => op.method !== 'GET');
    expect(writes.length).toBeGreaterThanOrEqual(4);
    for (const op of writes) {
      const res = await t.call(op.path, { ...jsonPost({}), method: op.method, role: 'viewer' });
      expect([op, res.status, await errorCode(res)]).toEqual([op, 403, 'ADO_FORBIDDEN']);
    }
  });

  it('refuses malformed, unknown, revoked and expired tokens with 401', async () => {
    const get = (authorization: string): Promise<Response> => t.call('/v1/runs', { role: 'none', headers: { authorization } });
    expect((await get('Basic abc')).status).toBe(401);
    expect((await get(`Bearer ado_${'x'.repeat(43)}`)).status).toBe(401);
    const revoked = t.tokens.create({ name: 'gone', role: 'admin' });
    t.tokens.revoke(revoked.token.id);
    const revokedRes = await get(`Bearer ${revoked.secret}`);
    expect((await revokedRes.json().then(asJson)).error.message).toContain('revoked');
    const expired = t.tokens.create({ name: 'old', role: 'admin', expiresAt: Date.now() - 1 });
    const expiredRes = await get(`Bearer ${expired.secret}`);
    expect([expiredRes.status, (await expiredRes.json().then(asJson)).error.message]).toEqual([401, expect.stringContaining('expired')]);
    expect((await get(`bearer ${t.token.viewer}`)).status).toBe(200);
  });

  it('lets operators and admins change state', async () => {
    expect((await t.call('/v1/runs/zzzz/cancel', { method: 'POST', role: 'admin' })).status).toBe(404);
    expect(requiredRole('HEAD')).toBe('viewer');
    expect(requiredRole('DELETE')).toBe('operator');
  });
});

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and holds every route the server registers', async () => {
    const document = await (await t.call('/openapi.json', { role: 'viewer' })).json().then(asJson);
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const registered = [
      'GET /v1/runs', 'POST /v1/runs', 'GET /v1/runs/{id}', 'POST /v1/runs/{id}/cancel', 'POST /v1/runs/{id}/approve', 'POST /v1/runs/{id}/retry',
      'GET /v1/runs/{id}/logs', 'GET /v1/runs/{id}/events', 'GET /metrics', 'GET /healthz',
    ];
    const documented = Object.entries(document.paths as Record<string, object>).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual(registered.sort());
    expect(document.paths['/v1/runs'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/DispatchRequest');
    expect(document.components.schemas.DispatchRequest.additionalProperties).toBe(false);
    expect(document.paths['/healthz'].get.security).toBeUndefined();
    expect(document.paths['/v1/runs'].get.security).toEqual([{ bearer: [] }]);
  });
});
