import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { AutodevopsError, errorCatalogue } from '../../core/errors.ts';
import { errorResponse } from '../errors.ts';
import { rateLimit, type RateLimitOptions } from './rate-limit.ts';
import { listen, type Listening } from './testing/listen.ts';

let server: Listening | undefined;
let now = 5_000_000;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A tiny API: /healthz and /open need no token; /v1/things accepts only the token "good" or "other". */
async function start(options: RateLimitOptions = {}): Promise<(path: string, token?: string, headers?: Record<string, string>) => Promise<Response>> {
  const app = new Hono();
  app.use('*', rateLimit({ now: () => now, skip: (c) => c.req.path === '/healthz', ...options }));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/open', (c) => c.json({ open: true }));
  // A handler that builds its own Response, as streams and downloads do.
  app.get('/raw', () => new Response('raw', { headers: { 'content-type': 'text/plain' } }));
  app.get('/v1/things', (c) => (['Bearer good', 'Bearer other'].includes(c.req.header('authorization') ?? '')
    ? c.json({ things: [] })
    : errorResponse(c, new AutodevopsError('ADO_UNAUTHENTICATED', 'the API token is not valid'))));
  server = await listen(app);
  const base = server.url;
  return (path, token, headers = {}) => fetch(`${base}${path}`, { headers: { ...headers, ...(token && { authorization: `Bearer ${token}` }) } });
}

async function expectLimited(res: Response, retryAfter: string): Promise<string> {
  expect(res.status).toBe(429);
  expect(res.headers.get('retry-after')).toBe(retryAfter);
  expect(res.headers.get('ratelimit')).toMatch(/;r=0;/);
  const body = await res.json() as { error: { code: string; message: string; hint: string } };
  expect(body.error).toMatchObject({ code: 'ADO_RATE_LIMITED', hint: errorCatalogue.ADO_RATE_LIMITED.hint });
  return body.error.message;
}

describe('rateLimit over a real socket', () => {
  it('limits each token to its burst, then its rate, with RateLimit headers on every answer', async () => {
    const call = await start({ perToken: { ratePerSecond: 2, burst: 3 } });
    const first = await call('/v1/things', 'good');
    expect(first.status).toBe(200);
    expect(Object.fromEntries([...first.headers].filter(([k]) => k.startsWith('ratelimit')))).toEqual({
      'ratelimit-policy': '"token";q=3;w=2', ratelimit: '"token";r=2;t=1',
    });
    expect((await call('/v1/things', 'good')).headers.get('ratelimit')).toBe('"token";r=1;t=1');
    expect((await call('/v1/things', 'good')).status).toBe(200);
    expect(await expectLimited(await call('/v1/things', 'good'), '1')).toBe('too many requests from this API token: at most 2 per second, in bursts of 3; retry in 1 s');
    expect((await call('/v1/things', 'other')).status).toBe(200);
    now += 500;
    expect((await call('/v1/things', 'good')).status).toBe(200);
    expect((await call('/v1/things', 'good')).status).toBe(429);
  });

  it('limits unauthenticated requests per address, and skips what it is told to', async () => {
    const call = await start({ perAddress: { ratePerSecond: 0.5, burst: 2 } });
    expect((await call('/open')).status).toBe(200);
    expect((await call('/open')).status).toBe(200);
    expect(await expectLimited(await call('/open'), '2')).toContain('from address 127.0.0.1');
    for (let i = 0; i < 5; i++) expect((await call('/healthz')).status).toBe(200);
    expect((await call('/v1/things', 'good')).status).toBe(200);
  });

  it('charges failed authentications to the address, which then refuses even a valid token until it refills', async () => {
    const call = await start({ perAddress: { ratePerSecond: 1, burst: 2 } });
    expect((await call('/v1/things', 'guess-1')).status).toBe(401);
    expect((await call('/v1/things', 'guess-2')).status).toBe(401);
    expect(await expectLimited(await call('/v1/things', 'guess-3'), '1')).toContain('address 127.0.0.1');
    await expectLimited(await call('/v1/things', 'good'), '1');
    expect((await call('/open')).status).toBe(200);
    now += 1000;
    expect((await call('/v1/things', 'good')).status).toBe(200);
  });

  it('takes the address from addressOf when given (e.g. a trusted proxy header)', async () => {
    const call = await start({ perAddress: { ratePerSecond: 1, burst: 1 }, addressOf: (c) => c.req.header('x-real-ip') });
    expect((await call('/open', undefined, { 'x-real-ip': '10.0.0.1' })).status).toBe(200);
    expect(await expectLimited(await call('/open', undefined, { 'x-real-ip': '10.0.0.1' }), '1')).toContain('address 10.0.0.1');
    expect((await call('/open', undefined, { 'x-real-ip': '10.0.0.2' })).status).toBe(200);
    expect((await call('/open')).status).toBe(200);
    expect(await expectLimited(await call('/open'), '1')).toContain('address unknown');
  });

  it('uses 20/s burst 40 per token and 10/s burst 20 per address by default', async () => {
    const call = await start();
    expect((await call('/v1/things', 'good')).headers.get('ratelimit-policy')).toBe('"token";q=40;w=2');
    expect((await call('/open')).headers.get('ratelimit-policy')).toBe('"address";q=20;w=2');
  });

  it('puts the RateLimit headers on answers built by the handler itself too', async () => {
    const call = await start({ perAddress: { ratePerSecond: 1, burst: 5 } });
    const res = await call('/raw');
    expect(await res.text()).toBe('raw');
    expect([res.headers.get('ratelimit'), res.headers.get('ratelimit-policy')]).toEqual(['"address";r=4;t=1', '"address";q=5;w=5']);
  });
});
