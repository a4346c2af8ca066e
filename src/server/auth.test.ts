import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asJson, dbSnapshot, errorOf, jsonPost, jsonPut, startTestServer, type TestServer } from '../../test/server/harness.ts';
import type { Role } from './registry/tokens.ts';

const artifactWorkflow = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: mkdir -p out && echo data > out/a.txt
      - uses: actions/upload-artifact@v4
        with: { name: bundle, path: out }
`;

interface Operation { method: string; path: string; minRole?: Role; scope?: string; secured: boolean }

let t: TestServer;
let operations: Operation[];
/** Path parameters naming real resources of project `other`. */
let other: Record<string, string>;

beforeAll(async () => {
  t = await startTestServer({ '.github/workflows/art.yml': artifactWorkflow });
  t.deps.projects.create('other');
  const admin = t.deps.tokens.create({ name: 'other-admin', project: 'other', role: 'admin' });
  const call = (path: string, init: RequestInit = {}): Promise<Response> => t.call(`/v1/projects/other${path}`, { ...init, token: admin.secret });
  const as = { project: 'other', token: admin.secret };
  await t.register('art', as);
  const { runId } = await (await call('/runs', jsonPost({ workflow: 'art' }))).json().then(asJson);
  await t.settle(runId, as);
  await call('/variables/DEPLOY', jsonPut({ value: 'prod' }));
  await call('/secrets/API_KEY', jsonPut({ value: 's3cr3t' }));
  await call('/webhook-secrets/github', { method: 'POST' });
  other = { project: 'other', run: runId, workflow: 'art', token: admin.token.id, kind: 'github', name: 'DEPLOY' };
  const document = await (await t.call('/openapi.json', { role: 'viewer' })).json().then(asJson);
  operations = Object.entries(document.paths as Record<string, Record<string, Record<string, unknown>>>).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({
    method: method.toUpperCase(), path, minRole: op['x-min-role'] as Role | undefined, scope: op['x-scope'] as string | undefined,
    // Webhook routes declare `security: []`: their signature is the authentication.
    secured: Array.isArray(op.security) && op.security.length > 0,
  })));
});
afterAll(async () => {
  await t.stop();
});

/** The operation's path with `values` for its parameters (an artifact's `{name}` is the artifact). */
function fill(op: Operation, values: Record<string, string>): string {
  const names = op.path.includes('/artifacts/') ? { ...values, name: 'bundle' } : values;
  return op.path.replace(/\{(\w+)\}/g, (_, key: string) => names[key] ?? 'zzzz');
}

/** A body that would do something real if the request were let through. */
function bodyFor(op: Operation): RequestInit {
  if (op.method === 'GET') return {};
  const bodies: Array<[RegExp, unknown]> = [
    [/\/workflows\/\{workflow\}$/, { source: { path: '.' }, file: '.github/workflows/ci.yml' }], [/\/runs$/, { workflow: 'art' }],
    [/\/approve$/, { decision: 'approve' }], [/\/(variables|secrets)\/\{name\}$/, { value: 'changed' }], [/\/tokens$/, { name: 'intruder', role: 'admin' }],
    [/^\/v1\/projects$/, { name: 'sneaky' }],
  ];
  const body = bodies.find(([pattern]) => pattern.test(op.path))?.[1] ?? {};
  return { ...jsonPost(body), method: op.method };
}

const projectOps = (): Operation[] => operations.filter((op) => op.path.startsWith('/v1/projects/{project}') && op.secured);

describe('authorisation of every route in the OpenAPI document', () => {
  it('declares a scope and a minimum role on every secured route', () => {
    expect(projectOps().length).toBeGreaterThanOrEqual(25);
    for (const op of operations.filter((o) => o.secured)) expect([op.path, op.minRole, op.scope]).toEqual([op.path, expect.stringMatching(/^(viewer|operator|admin)$/), expect.any(String)]);
  });

  it('answers 401 without a token, except /healthz (and webhooks, which need their signature instead)', async () => {
    for (const op of operations) {
      const res = await t.call(fill(op, other), { ...bodyFor(op), role: 'none' });
      if (op.path === '/healthz') expect(res.status).toBe(200);
      else if (!op.secured) expect([op.path, res.status, (await errorOf(res)).code]).toEqual([op.path, 401, 'ADO_WEBHOOK_SIGNATURE']);
      else expect([op.method, op.path, (await errorOf(res)).code]).toEqual([op.method, op.path, 'ADO_UNAUTHENTICATED']);
    }
    expect((await t.call('/openapi.json', { role: 'none' })).status).toBe(401);
    expect((await t.call('/docs', { role: 'none' })).status).toBe(401);
  });

  it('answers 404 ADO_PROJECT_NOT_FOUND to an admin of another project on every project route, and changes nothing', async () => {
    const before = dbSnapshot(t.deps);
    for (const op of projectOps()) {
      const res = await t.call(fill(op, other), { ...bodyFor(op), role: 'admin' });
      const error = await errorOf(res);
      expect([op.method, op.path, res.status, error.code]).toEqual([op.method, op.path, 404, 'ADO_PROJECT_NOT_FOUND']);
      const missing = await errorOf(await t.call(fill(op, { ...other, project: 'nope' }), { ...bodyFor(op), role: 'admin' }));
      // Another project's and a missing project's answers cannot be told apart.
      expect(missing.body).toEqual({ error: { ...error.body.error, message: 'no project "nope"' } });
    }
    expect(dbSnapshot(t.deps)).toBe(before);
  });

  it('gives every project route its minimum role: 403 below it, through at it', async () => {
    const expected = (op: Operation): Role => {
      if (op.path.endsWith('/tokens') || op.path.endsWith('/tokens/{token}')) return 'admin';
      if (op.method === 'GET') return 'viewer';
      return /\/runs(\/\{run\}\/(cancel|approve|retry))?$/.test(op.path) ? 'operator' : 'admin';
    };
    const roles: Role[] = ['viewer', 'operator', 'admin'];
    const demo = { project: 'demo', run: 'zzzz', workflow: 'nope', token: 'zzzz', kind: 'github', name: 'NOPE' };
    for (const op of projectOps()) {
      expect([op.method, op.path, op.minRole]).toEqual([op.method, op.path, expected(op)]);
      for (const role of roles.slice(0, roles.indexOf(op.minRole!))) {
        expect([op.method, op.path, role, (await errorOf(await t.call(fill(op, demo), { ...bodyFor(op), role }))).code]).toEqual([op.method, op.path, role, 'ADO_FORBIDDEN']);
      }
      if (op.path.endsWith('/events')) continue;
      const res = await t.call(fill(op, demo), { ...(op.method === 'GET' ? {} : { ...jsonPost({ not: 'valid' }), method: op.method }), role: op.minRole! });
      expect([op.method, op.path, res.status === 401 || res.status === 403]).toEqual([op.method, op.path, false]);
    }
  });

  it('lets a server-wide token act on every project, and only a server-wide admin create one', async () => {
    const serverViewer = t.deps.tokens.create({ name: 'sv', project: '*', role: 'viewer' }).secret;
    const serverAdmin = t.deps.tokens.create({ name: 'sa', project: '*', role: 'admin' }).secret;
    expect((await t.call('/v1/projects/other/variables', { token: serverViewer })).status).toBe(200);
    expect((await errorOf(await t.call('/v1/projects/other/variables/X', { ...jsonPut({ value: '1' }), token: serverViewer }))).code).toBe('ADO_FORBIDDEN');
    const list = await (await t.call('/v1/projects', { token: serverViewer })).json().then(asJson);
    expect(list.projects.map((p: { name: string }) => p.name)).toEqual(['demo', 'other']);
    expect((await (await t.call('/v1/projects', { role: 'viewer' })).json().then(asJson)).projects).toEqual([{ name: 'demo', createdAt: expect.any(Number) }]);
    expect((await errorOf(await t.call('/v1/projects', { ...jsonPost({ name: 'new' }), role: 'admin' }))).code).toBe('ADO_FORBIDDEN');
    expect((await errorOf(await t.call('/v1/projects', { ...jsonPost({ name: 'new' }), token: serverViewer }))).code).toBe('ADO_FORBIDDEN');
    const created = await t.call('/v1/projects', { ...jsonPost({ name: 'new' }), token: serverAdmin });
    expect([created.status, await created.json()]).toEqual([201, { name: 'new', createdAt: expect.any(Number) }]);
    expect((await errorOf(await t.call('/v1/projects', { ...jsonPost({ name: 'new' }), token: serverAdmin }))).code).toBe('ADO_CONFLICT');
    expect((await errorOf(await t.call('/v1/projects', { ...jsonPost({ name: 'Not A Slug' }), token: serverAdmin }))).code).toBe('ADO_REQUEST_INVALID');
    expect((await t.call('/v1/projects/new', { token: serverViewer })).status).toBe(200);
    expect((await errorOf(await t.call('/v1/projects/absent', { token: serverViewer }))).code).toBe('ADO_PROJECT_NOT_FOUND');
  });

  it('refuses malformed, unknown, revoked and expired tokens with 401', async () => {
    const get = (authorization: string): Promise<Response> => t.call(t.p('/runs'), { role: 'none', headers: { authorization } });
    expect((await get('Basic abc')).status).toBe(401);
    expect((await get(`Bearer ado_${'x'.repeat(43)}`)).status).toBe(401);
    const revoked = t.deps.tokens.create({ name: 'gone', project: 'demo', role: 'admin' });
    t.deps.tokens.revoke(revoked.token.id);
    expect((await errorOf(await get(`Bearer ${revoked.secret}`))).message).toContain('revoked');
    const expired = t.deps.tokens.create({ name: 'old', project: 'demo', role: 'admin', expiresAt: Date.now() - 1 });
    expect(await errorOf(await get(`Bearer ${expired.secret}`))).toMatchObject({ status: 401, message: expect.stringContaining('expired') });
    expect((await get(`bearer ${t.token.viewer}`)).status).toBe(200);
  });
});

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1, documents the bearer scheme, and names strict request schemas', async () => {
    const document = await (await t.call('/openapi.json', { role: 'viewer' })).json().then(asJson);
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const runs = document.paths['/v1/projects/{project}/runs'];
    expect(runs.post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/DispatchRequest');
    expect(document.components.schemas.DispatchRequest.additionalProperties).toBe(false);
    expect(document.paths['/healthz'].get.security).toBeUndefined();
    expect(runs.get.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(document.paths)).not.toContain('/v1/runs');
  });
});
