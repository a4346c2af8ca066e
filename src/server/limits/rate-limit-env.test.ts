import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { isAutodevopsError } from '../../core/errors.ts';
import { parseBucketPolicy, rateLimitEnv, rateLimitFromEnv } from './rate-limit-env.ts';
import { rateLimit } from './rate-limit.ts';
import { listen, type Listening } from './testing/listen.ts';

let server: Listening | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('rate limits from the environment', () => {
  it('reads <per second>[/<burst>], the burst defaulting to twice the rate', () => {
    expect(parseBucketPolicy('X', '200/500')).toEqual({ ratePerSecond: 200, burst: 500 });
    expect(parseBucketPolicy('X', ' 0.5 ')).toEqual({ ratePerSecond: 0.5, burst: 1 });
    expect(parseBucketPolicy('X', '30')).toEqual({ ratePerSecond: 30, burst: 60 });
    expect(rateLimitFromEnv({ [rateLimitEnv.perToken]: '100', [rateLimitEnv.perAddress]: '5/7' })).toEqual({
      perToken: { ratePerSecond: 100, burst: 200 }, perAddress: { ratePerSecond: 5, burst: 7 },
    });
    expect(rateLimitFromEnv({ [rateLimitEnv.perToken]: '' })).toEqual({});
    expect(rateLimitFromEnv({})).toEqual({});
  });

  it('refuses anything else with ADO_CONFIG_INVALID naming the variable', () => {
    for (const text of ['fast', '0', '10/0', '-1', '1/2/3', '10/2.5']) {
      let thrown: unknown;
      try {
        rateLimitFromEnv({ [rateLimitEnv.perAddress]: text });
      } catch (e) {
        thrown = e;
      }
      expect(isAutodevopsError(thrown) && thrown.code).toBe('ADO_CONFIG_INVALID');
      expect((thrown as Error).message).toContain(`${rateLimitEnv.perAddress}="${text}"`);
    }
  });

  it('limits a server as it says', async () => {
    const app = new Hono();
    app.use('*', rateLimit(rateLimitFromEnv({ [rateLimitEnv.perAddress]: '1/2' })));
    app.get('/open', (c) => c.json({ open: true }));
    server = await listen(app);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${server.url}/open`)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});
