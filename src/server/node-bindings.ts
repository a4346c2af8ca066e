/**
 * The Node request and response under a Hono context when the server runs on @hono/node-server
 * (its bindings hold them). Reading a header through Hono builds a web `Headers` object of every
 * header the request has, and writing one through Hono turns the answer's headers into one; the
 * hot paths every request takes (token, body size, rate limits) use Node's own objects instead, and
 * fall back to Hono's elsewhere (tests that call `app.request()`).
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

function bindings(c: Context): { incoming?: unknown; outgoing?: unknown } | undefined {
  return c.env as { incoming?: unknown; outgoing?: unknown } | undefined;
}

/** A request header (lower-case name), read from Node's request when there is one. */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = bindings(c)?.incoming;
  if (incoming instanceof IncomingMessage) {
    const value = incoming.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }
  return c.req.header(name);
}

/** Node's response, while its headers can still be set. */
export function nodeResponse(c: Context): ServerResponse | undefined {
  const outgoing = bindings(c)?.outgoing;
  return outgoing instanceof ServerResponse && !outgoing.headersSent ? outgoing : undefined;
}

/**
 * Sets a header of the answer being built: on Node's response when there is one (whatever Response
 * the handler then returns), else through Hono. True when it went onto Node's response.
 */
export function answerHeader(c: Context, name: string, value: string): boolean {
  const outgoing = nodeResponse(c);
  if (outgoing) outgoing.setHeader(name, value);
  else c.header(name, value);
  return outgoing !== undefined;
}
