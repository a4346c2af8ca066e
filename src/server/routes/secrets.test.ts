/**
 * Secret names over HTTP: GitHub's rules, except that GITHUB_TOKEN may be given (GitHub provides it
 * itself, a server must be told it; the README's issue-to-PR setup PUTs it), and only to secrets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbSnapshot, errorOf, jsonPut, startTestServer, type TestServer } from '../../../test/server/harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

const admin = { role: 'admin' as const };

describe('secret names', () => {
  it('accept GITHUB_TOKEN, which the forge steps and the server\'s forge calls read', async () => {
    expect((await t.call(t.p('/secrets/GITHUB_TOKEN'), { ...jsonPut({ value: 'tok' }), ...admin })).status).toBe(201);
    expect(t.deps.secrets.values('demo')).toMatchObject({ GITHUB_TOKEN: 'tok' });
    expect((await t.call(t.p('/secrets/GITHUB_TOKEN'), { method: 'DELETE', ...admin })).status).toBe(204);
  });

  it('refuse other GITHUB_ names, and GITHUB_TOKEN as a variable, without a change', async () => {
    const before = dbSnapshot(t.deps);
    for (const name of ['GITHUB_SHA', 'GITHUB_TOKENS', '1ABC']) {
      expect(await errorOf(await t.call(t.p(`/secrets/${name}`), { ...jsonPut({ value: 'x' }), ...admin }))).toMatchObject({ status: 400, code: 'ADO_REQUEST_INVALID' });
    }
    expect((await errorOf(await t.call(t.p('/variables/GITHUB_TOKEN'), { ...jsonPut({ value: 'x' }), ...admin }))).code).toBe('ADO_REQUEST_INVALID');
    expect(dbSnapshot(t.deps)).toBe(before);
  });
});
