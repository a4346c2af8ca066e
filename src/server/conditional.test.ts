import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asJson, jsonPost, startTestServer, type TestServer } from '../../test/server/harness.ts';
import { etagOf, matches } from './conditional.ts';
import { acceptsGzip } from './content-coding.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.register('ci');
  await t.register('gate');
});
afterAll(async () => {
  await t.stop();
});

describe('conditional GET of runs (ETag / If-None-Match)', () => {
  it('answers 304 without a body while a run is unchanged, and 200 with a new tag once it changed', async () => {
    // A run waiting for an approval does not change until someone decides.
    const runId = await t.dispatch('gate');
    const waiting = await t.settle(runId);
    expect(waiting.status).toBe('waiting');
    const first = await t.call(t.p(`/runs/${runId}`), { role: 'viewer' });
    const before = first.headers.get('etag')!;
    expect(before).toBe(etagOf(await first.text()));
    const unchanged = await t.call(t.p(`/runs/${runId}`), { role: 'viewer', headers: { 'if-none-match': before } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get('etag')).toBe(before);
    expect(await unchanged.text()).toBe('');
    await t.call(t.p(`/runs/${runId}/approve`), jsonPost({ decision: 'approve' }));
    for (let i = 0; i < 200 && (await t.settle(runId)).status !== 'completed'; i++) await new Promise((r) => setTimeout(r, 25));
    const changed = await t.call(t.p(`/runs/${runId}`), { role: 'viewer', headers: { 'if-none-match': before } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(before);
    expect((await changed.json().then(asJson)).status).toBe('completed');
    // A completed run's answer is final: its tag is kept, and stays the same.
    const again = await t.call(t.p(`/runs/${runId}`), { role: 'viewer' });
    expect(again.headers.get('etag')).toBe(changed.headers.get('etag'));
  });

  it('tags a page of runs; a new run makes a new page', async () => {
    await t.settle(await t.dispatch('ci'));
    // fetch() asks for gzip by default and unpacks it; the plain body is tagged here.
    const page = await t.call(t.p('/runs'), { role: 'viewer', headers: { 'accept-encoding': 'identity' } });
    const etag = page.headers.get('etag')!;
    expect(etag).toBe(etagOf(await page.text()));
    expect((await t.call(t.p('/runs'), { role: 'viewer', headers: { 'accept-encoding': 'identity', 'if-none-match': `"other", ${etag}` } })).status).toBe(304);
    // A status filter pages through the store each time: its answer is tagged all the same.
    const filtered = await t.call(t.p('/runs?status=completed'), { role: 'viewer' });
    expect((await t.call(t.p('/runs?status=completed'), { role: 'viewer', headers: { 'if-none-match': filtered.headers.get('etag')! } })).status).toBe(304);
    await t.settle(await t.dispatch('ci'));
    const next = await t.call(t.p('/runs'), { role: 'viewer', headers: { 'if-none-match': etag } });
    expect(next.status).toBe(200);
    expect(next.headers.get('etag')).not.toBe(etag);
  });

  it('sends a final page gzipped, with its own tag, to a client that accepts gzip', async () => {
    await t.settle(await t.dispatch('ci'));
    const plain = await raw(t.p('/runs'), { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    const packed = await raw(t.p('/runs'), { 'accept-encoding': 'br, gzip;q=0.5' });
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(packed.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(packed.body).toString()).toBe(plain.body.toString());
    expect(packed.body.length).toBeLessThan(plain.body.length);
    expect(packed.headers.etag).toBe(etagOf(packed.body));
    expect(packed.headers.etag).not.toBe(plain.headers.etag);
    // Each representation is validated by its own tag.
    expect((await raw(t.p('/runs'), { 'accept-encoding': 'gzip', 'if-none-match': packed.headers.etag! })).status).toBe(304);
    expect((await raw(t.p('/runs'), { 'accept-encoding': 'identity', 'if-none-match': packed.headers.etag! })).status).toBe(200);
    // gzip;q=0 refuses it; a run's own answer (~0.6 KB, not a page) is not compressed.
    expect((await raw(t.p('/runs'), { 'accept-encoding': 'gzip;q=0' })).headers['content-encoding']).toBeUndefined();
    const runId = JSON.parse(plain.body.toString()).runs[0].id as string;
    expect((await raw(t.p(`/runs/${runId}`), { 'accept-encoding': 'gzip' })).headers['content-encoding']).toBeUndefined();
  });

  it('is still authorised first: a stale token gets 401, not 304', async () => {
    const runId = await t.dispatch('ci');
    const etag = (await t.call(t.p(`/runs/${runId}`), { role: 'viewer' })).headers.get('etag')!;
    expect((await t.call(t.p(`/runs/${runId}`), { token: 'ado_not-a-token', headers: { 'if-none-match': etag } })).status).toBe(401);
  });
});

/** A GET over node:http, which (unlike fetch) leaves a compressed body as it came. */
function raw(pathname: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.server.url}${pathname}`, { headers: { ...headers, authorization: `Bearer ${t.token.viewer}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers as Record<string, string | undefined>, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('acceptsGzip', () => {
  it('reads Accept-Encoding as RFC 9110 says: named or *, unless q=0', () => {
    expect(['gzip', 'GZIP', 'x-gzip', 'br, gzip;q=0.5', 'deflate, *', '*;q=0.1', 'gzip, deflate, br, zstd'].map(acceptsGzip)).toEqual([true, true, true, true, true, true, true]);
    expect([undefined, '', 'identity', 'br', 'gzip;q=0', 'gzip;q=0.000', '*;q=0', 'gzip;q=0, *'].map(acceptsGzip)).toEqual([false, false, false, false, false, false, false, false]);
  });
});

describe('matches', () => {
  it('compares If-None-Match lists weakly, and * matches anything', () => {
    expect(matches(undefined, '"a"')).toBe(false);
    expect(matches('"b", W/"a"', '"a"')).toBe(true);
    expect(matches('*', '"a"')).toBe(true);
    expect(matches('"ab"', '"a"')).toBe(false);
  });
});
