import { connect } from 'node:net';
import { Hono, type Context } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodySizeLimit, defaultMaxBodyBytes } from './body-limit.ts';
import { listen, type Listening } from './testing/listen.ts';

let server: Listening;
const received: number[] = [];

beforeAll(async () => {
  const app = new Hono();
  app.use('/small/*', bodySizeLimit({ maxBytes: 100 }));
  app.use('/default/*', bodySizeLimit());
  app.use('/hooks/*', bodySizeLimit({ maxBytes: 10, maxBytesFor: (c) => (c.req.path.endsWith('/github') ? 50 : undefined) }));
  const echo = async (c: Context): Promise<Response> => {
    const text = await c.req.text();
    received.push(text.length);
    return c.json({ bytes: text.length });
  };
  app.post('/small/echo', echo);
  app.post('/default/echo', echo);
  app.post('/hooks/github', echo);
  app.post('/hooks/other', echo);
  app.get('/small/echo', (c) => c.json({ read: true }));
  server = await listen(app);
});
afterAll(() => server.close());

async function expectTooLarge(res: Response, message: RegExp): Promise<void> {
  expect(res.status).toBe(413);
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = await res.json() as { error: { code: string; message: string; hint: string } };
  expect(body.error).toMatchObject({ code: 'ADO_BODY_TOO_LARGE', message: expect.stringMatching(message), hint: expect.stringContaining('--max-body-bytes') });
}

/** A body sent in chunks, without Content-Length. */
function chunked(size: number, chunk = 10): RequestInit {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      const n = Math.min(chunk, size - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(120));
    },
  });
  return { method: 'POST', body, duplex: 'half' } as RequestInit;
}

/** Writes raw bytes to the server and resolves with everything it answers until it closes. */
function raw(request: string, idleMs = 2000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, idleMs);
    socket.on('data', (d) => (text += d.toString()));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
    socket.write(request);
  });
}

describe('bodySizeLimit over a real socket', () => {
  it('lets bodies up to the limit through, readable by the handler', async () => {
    expect(await (await fetch(`${server.url}/small/echo`, { method: 'POST', body: 'x'.repeat(100) })).json()).toEqual({ bytes: 100 });
    expect(await (await fetch(`${server.url}/small/echo`, chunked(95))).json()).toEqual({ bytes: 95 });
    expect((await fetch(`${server.url}/small/echo`)).status).toBe(200);
  });

  it('refuses a declared Content-Length over the limit with 413 ADO_BODY_TOO_LARGE, and closes the connection', async () => {
    const res = await fetch(`${server.url}/small/echo`, { method: 'POST', body: 'x'.repeat(101) });
    await expectTooLarge(res, /declares 101 bytes, more than the 100 bytes/);
    expect(res.headers.get('connection')).toBe('close');
  });

  it('refuses a chunked body once it passes the limit', async () => {
    await expectTooLarge(await fetch(`${server.url}/small/echo`, chunked(1000)), /is larger than the 100 bytes/);
  });

  it('applies another limit where maxBytesFor says so', async () => {
    expect(await (await fetch(`${server.url}/hooks/github`, { method: 'POST', body: 'x'.repeat(50) })).json()).toEqual({ bytes: 50 });
    expect(await (await fetch(`${server.url}/hooks/github`, chunked(45))).json()).toEqual({ bytes: 45 });
    await expectTooLarge(await fetch(`${server.url}/hooks/github`, chunked(51)), /than the 50 bytes/);
    await expectTooLarge(await fetch(`${server.url}/hooks/other`, { method: 'POST', body: 'x'.repeat(11) }), /than the 10 bytes/);
  });

  it('defaults to 1 MiB', async () => {
    expect(defaultMaxBodyBytes).toBe(1_048_576);
    expect(await (await fetch(`${server.url}/default/echo`, { method: 'POST', body: 'x'.repeat(defaultMaxBodyBytes) })).json()).toEqual({ bytes: defaultMaxBodyBytes });
    await expectTooLarge(await fetch(`${server.url}/default/echo`, { method: 'POST', body: 'x'.repeat(defaultMaxBodyBytes + 1) }), /declares 1048577 bytes/);
  });

  it('answers a huge declared length at once, without waiting for a body that never comes', async () => {
    const started = Date.now();
    const { text, closed } = await raw('POST /small/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n{"a":');
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toContain('ADO_BODY_TOO_LARGE');
    expect(closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('never hands the handler more than the declared length when the client sends more', async () => {
    received.length = 0;
    const { text } = await raw(`POST /small/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n${'y'.repeat(5000)}`, 500);
    // Node's parser takes the extra bytes for a malformed next request: 400, connection closed.
    expect(text).toContain('HTTP/1.1 400 Bad Request');
    expect(received.every((n) => n <= 5)).toBe(true);
  });

  it('refuses a Content-Length that is not a number (where the HTTP parser lets one through)', async () => {
    const app = new Hono();
    app.use('*', bodySizeLimit({ maxBytes: 10 }));
    app.post('/', (c) => c.text('read'));
    const res = await app.request('/', { method: 'POST', body: 'abc', headers: { 'content-length': '3; drop table' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'ADO_REQUEST_INVALID', message: 'the Content-Length header "3; drop table" is not a number of bytes' } });
  });

  it('checks the declared length of a GET too, and otherwise lets GET and HEAD through untouched', async () => {
    const { text } = await raw('GET /small/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n', 500);
    expect(text).toContain('HTTP/1.1 413');
    expect((await fetch(`${server.url}/small/echo`, { method: 'HEAD' })).status).toBe(200);
    expect(await (await fetch(`${server.url}/small/echo`)).json()).toEqual({ read: true });
  });
});
