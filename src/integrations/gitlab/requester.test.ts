import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { gitlabRequester, GitLabHttpError, retryDelayMs } from './requester.ts';

const answer = (status: number, headers: Record<string, string> = {}) => ({ status, headers: new Headers(headers) });
const timing = { retryBaseMs: 10, rateLimitRetries: 2, rateLimitMaxWaitSeconds: 30, serverErrorRetries: 2 };

describe('retryDelayMs', () => {
  it('waits as GitLab asks for a rate limit, a bounded number of times', () => {
    expect(retryDelayMs(answer(429, { 'retry-after': '3' }), 0, timing)).toBe(30);
    expect(retryDelayMs(answer(429, { 'retry-after': '0' }), 1, timing)).toBe(5);
    expect(retryDelayMs(answer(429, { 'ratelimit-reset': '1005' }), 0, timing, 1000_000)).toBe(50);
    expect(retryDelayMs(answer(429), 0, timing)).toBeUndefined();
    expect(retryDelayMs(answer(429, { 'retry-after': '31' }), 0, timing)).toBeUndefined();
    expect(retryDelayMs(answer(429, { 'retry-after': '1' }), 2, timing)).toBeUndefined();
  });

  it('backs off on server errors and gives up on others', () => {
    expect([0, 1, 2].map((attempt) => retryDelayMs(answer(503), attempt, timing))).toEqual([10, 20, undefined]);
    expect(retryDelayMs(answer(404), 0, timing)).toBeUndefined();
    expect(retryDelayMs(answer(502), 2, {})).toBe(4000);
  });
});

describe('the requester', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function serve(reply: (url: string) => { status: number; type: string; text: string }): Promise<string> {
    server = createServer((req, res) => {
      const { status, type, text } = reply(req.url ?? '');
      res.writeHead(status, { 'content-type': type }).end(text);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`;
  }

  const requester = (url: string) => gitlabRequester({ retryBaseMs: 1 })({ url, headers: {}, authHeaders: {} });

  it('reads JSON, text and empty answers', async () => {
    const url = await serve((path) => (path.endsWith('/json') ? { status: 200, type: 'application/json', text: 'null' } : path.endsWith('/none') ? { status: 204, type: 'text/plain', text: '' } : { status: 200, type: 'text/plain', text: 'hello' }));
    expect((await requester(url).get('json')).body).toEqual({});
    expect((await requester(url).get('text')).body).toBe('hello');
    expect((await requester(url).delete('none')).body).toBeNull();
  });

  it('throws GitLab\'s message, whichever shape it has, and keeps no request', async () => {
    const bodies: Record<string, string> = { '/a': '{"message":"404 Not Found"}', '/b': '{"message":{"title":["is too long"],"base":"bad"}}', '/c': '{"error":"invalid_token"}', '/d': '{}', '/e': 'plain failure' };
    const url = await serve((path) => ({ status: 400, type: path === '/api/v4/e' ? 'text/plain' : 'application/json', text: bodies[path.replace('/api/v4', '')]! }));
    const messages = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((p) => requester(url).get(p).then(() => '', (e: unknown) => (e as GitLabHttpError).message)));
    expect(messages).toEqual(['404 Not Found', 'title is too long; base bad', 'invalid_token', 'without a message', 'plain failure']);
    const error = await requester(url).get('a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitLabHttpError);
    expect(Object.keys(error as object)).not.toContain('cause');
  });
});
