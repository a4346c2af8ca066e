import { statSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asJson, dbSnapshot, errorOf, jsonPost, jsonPut, startTestServer, type TestServer } from '../../../test/server/harness.ts';

const echo = `on: push
jobs:
  show:
    runs-on: ubuntu-latest
    steps:
      - run: echo "env=\${{ vars.DEPLOY_ENV }} key=\${{ secrets.API_KEY }}"
      - run: echo "raw=$API_KEY"
        env: { API_KEY: "\${{ secrets.API_KEY }}" }
`;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ '.github/workflows/echo.yml': echo });
  await t.register('echo');
});
afterAll(async () => {
  await t.stop();
});

const admin = { role: 'admin' as const };

describe('variables', () => {
  it('are created, replaced, read, listed and deleted by name', async () => {
    const created = await t.call(t.p('/variables/DEPLOY_ENV'), { ...jsonPut({ value: 'staging' }), ...admin });
    expect([created.status, await created.json()]).toEqual([201, { name: 'DEPLOY_ENV', value: 'staging', updatedAt: expect.any(Number) }]);
    expect((await t.call(t.p('/variables/DEPLOY_ENV'), { ...jsonPut({ value: 'prod' }), ...admin })).status).toBe(200);
    expect(await (await t.call(t.p('/variables/DEPLOY_ENV'), { role: 'viewer' })).json()).toMatchObject({ value: 'prod' });
    await t.call(t.p('/variables/OTHER'), { ...jsonPut({ value: 'x' }), ...admin });
    expect((await (await t.call(t.p('/variables'), { role: 'viewer' })).json().then(asJson)).variables.map((v: { name: string }) => v.name)).toEqual(['DEPLOY_ENV', 'OTHER']);
    expect((await t.call(t.p('/variables/OTHER'), { method: 'DELETE', ...admin })).status).toBe(204);
    expect((await errorOf(await t.call(t.p('/variables/OTHER'), { method: 'DELETE', ...admin }))).code).toBe('ADO_NOT_FOUND');
    expect((await errorOf(await t.call(t.p('/variables/OTHER')))).code).toBe('ADO_NOT_FOUND');
  });

  it('refuses bad names and values without a change', async () => {
    const before = dbSnapshot(t.deps);
    for (const name of ['GITHUB_TOKEN', '1ABC', 'with-dash']) expect((await errorOf(await t.call(t.p(`/variables/${name}`), { ...jsonPut({ value: 'x' }), ...admin }))).code).toBe('ADO_REQUEST_INVALID');
    for (const body of [{ value: 3 }, { value: 'x', extra: true }, {}]) expect((await errorOf(await t.call(t.p('/variables/OK'), { ...jsonPut(body), ...admin }))).code).toBe('ADO_REQUEST_INVALID');
    expect(dbSnapshot(t.deps)).toBe(before);
  });
});

describe('secrets', () => {
  it('are write-only: listed by name and dates, never by value, and sealed at rest', async () => {
    const created = await t.call(t.p('/secrets/API_KEY'), { ...jsonPut({ value: 'hunter2-sekret' }), ...admin });
    expect([created.status, await created.json()]).toEqual([201, { name: 'API_KEY', createdAt: expect.any(Number), updatedAt: expect.any(Number) }]);
    const replaced = await t.call(t.p('/secrets/API_KEY'), { ...jsonPut({ value: 'the-real-sekret' }), ...admin });
    expect(replaced.status).toBe(200);
    const listed = await (await t.call(t.p('/secrets'), { role: 'viewer' })).text();
    expect(listed).toContain('API_KEY');
    expect(listed).not.toContain('sekret');
    expect((await t.call(t.p('/secrets/API_KEY'), { role: 'admin' })).status).toBe(404);
    expect(dbSnapshot(t.deps)).not.toContain('sekret');
    for (const file of ['server.db', 'server.db-wal']) expect(readFileSync(path.join(t.deps.dataDir, file)).includes('the-real-sekret')).toBe(false);
    expect(statSync(path.join(t.deps.dataDir, 'secrets.key')).mode & 0o777).toBe(0o600);
  });

  it('reach dispatched runs with the variables, masked in logs', async () => {
    await t.call(t.p('/variables/DEPLOY_ENV'), { ...jsonPut({ value: 'prod' }), ...admin });
    const runId = await t.dispatch('echo');
    expect(await t.settle(runId)).toMatchObject({ conclusion: 'success' });
    const text = (await (await t.call(t.p(`/runs/${runId}/logs`))).json().then(asJson)).chunks.map((c: { text: string }) => c.text).join('');
    expect(text).toContain('env=prod key=***');
    expect(text).toContain('raw=***');
    expect(text).not.toContain('the-real-sekret');
    const view = await (await t.call(t.p(`/runs/${runId}`))).text();
    expect(view).not.toContain('the-real-sekret');
  });

  it('are deleted by name', async () => {
    await t.call(t.p('/secrets/GONE'), { ...jsonPut({ value: 'x' }), ...admin });
    expect((await t.call(t.p('/secrets/GONE'), { method: 'DELETE', ...admin })).status).toBe(204);
    expect((await errorOf(await t.call(t.p('/secrets/GONE'), { method: 'DELETE', ...admin }))).code).toBe('ADO_NOT_FOUND');
  });
});

describe('tokens of a project', () => {
  it('are created (shown once), listed without secrets, used, and revoked', async () => {
    const res = await t.call(t.p('/tokens'), { ...jsonPost({ name: 'deployer', role: 'operator', expiresAt: Date.now() + 60_000 }), ...admin });
    const created = await res.json().then(asJson);
    expect([res.status, created]).toEqual([201, expect.objectContaining({ name: 'deployer', project: 'demo', role: 'operator', token: expect.stringMatching(/^ado_/) })]);
    const listed = await (await t.call(t.p('/tokens'), admin)).text();
    expect(listed).toContain('deployer');
    expect(listed).not.toContain(created.token);
    expect((await t.call(t.p('/runs'), { token: created.token })).status).toBe(200);
    const revoked = await (await t.call(t.p(`/tokens/${created.id.slice(0, 8)}`), { method: 'DELETE', ...admin })).json().then(asJson);
    expect(revoked).toMatchObject({ id: created.id, revokedAt: expect.any(Number) });
    expect((await t.call(t.p('/runs'), { token: created.token })).status).toBe(401);
    expect((await errorOf(await t.call(t.p('/tokens/nope'), { method: 'DELETE', ...admin }))).code).toBe('ADO_TOKEN_NOT_FOUND');
  });

  it('of another project cannot be revoked from this one', async () => {
    t.deps.projects.create('neighbour');
    const theirs = t.deps.tokens.create({ name: 'n', project: 'neighbour', role: 'viewer' });
    expect((await errorOf(await t.call(t.p(`/tokens/${theirs.token.id}`), { method: 'DELETE', ...admin }))).code).toBe('ADO_TOKEN_NOT_FOUND');
    expect(t.deps.tokens.check(theirs.secret).ok).toBe(true);
  });
});

describe('webhook secrets', () => {
  it('are generated per sender, shown once, listed without values, and read back by the webhook routes', async () => {
    expect(t.deps.webhookSecret('demo', 'github')).toBeUndefined();
    const res = await t.call(t.p('/webhook-secrets/github'), { method: 'POST', ...admin });
    const body = await res.json().then(asJson);
    expect([res.status, body]).toEqual([201, { kind: 'github', secret: expect.stringMatching(/^whsec_/), createdAt: expect.any(Number) }]);
    expect(t.deps.webhookSecret('demo', 'github')).toBe(body.secret);
    const replaced = await (await t.call(t.p('/webhook-secrets/github'), { method: 'POST', ...admin })).json().then(asJson);
    expect(replaced.secret).not.toBe(body.secret);
    expect(t.deps.webhookSecret('demo', 'github')).toBe(replaced.secret);
    const listed = await (await t.call(t.p('/webhook-secrets'), { role: 'viewer' })).text();
    expect(JSON.parse(listed)).toEqual({ webhookSecrets: [{ kind: 'github', createdAt: expect.any(Number) }] });
    expect(listed).not.toContain('whsec_');
    expect((await errorOf(await t.call(t.p('/webhook-secrets/bitbucket'), { method: 'POST', ...admin }))).code).toBe('ADO_REQUEST_INVALID');
  });
});
