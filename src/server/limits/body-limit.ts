/**
 * Request body size limit: 413 `ADO_BODY_TOO_LARGE` as a catalogue error. A declared
 * Content-Length over the limit is refused before any byte of the body is read; a body without
 * one (chunked) is counted while it is read (hono/body-limit). The refusal closes the connection,
 * so the rest of an oversized upload is not read and discarded.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AutodevopsError } from '../../core/errors.ts';
import { errorResponse } from '../errors.ts';
import { requestHeader } from '../node-bindings.ts';

/** The default limit: 1 MiB. */
export const defaultMaxBodyBytes = 1024 * 1024;

/** Options of the body size limit. */
export interface BodySizeLimitOptions {
  /** The largest body accepted, in bytes (default 1 MiB). */
  maxBytes?: number;
  /** Another limit for some requests (e.g. 25 MiB for forge webhooks); undefined keeps `maxBytes`. */
  maxBytesFor?: (c: Context) => number | undefined;
}

function tooLarge(c: Context, maxBytes: number, declared?: number): Response {
  const size = declared === undefined ? 'is larger' : `declares ${declared} bytes, more`;
  const res = errorResponse(c, new AutodevopsError('ADO_BODY_TOO_LARGE', `the request body ${size} than the ${maxBytes} bytes this server accepts`));
  res.headers.set('connection', 'close');
  return res;
}

/** The body size limit middleware. */
export function bodySizeLimit(options: BodySizeLimitOptions = {}): MiddlewareHandler {
  const counters = new Map<number, MiddlewareHandler>();
  const counting = (maxBytes: number): MiddlewareHandler => {
    const known = counters.get(maxBytes);
    if (known) return known;
    const created = bodyLimit({ maxSize: maxBytes, onError: (c) => tooLarge(c, maxBytes) });
    counters.set(maxBytes, created);
    return created;
  };
  return async (c, next) => {
    const maxBytes = options.maxBytesFor?.(c) ?? options.maxBytes ?? defaultMaxBodyBytes;
    const header = requestHeader(c, 'content-length');
    if (header !== undefined) {
      if (!/^\s*\d+\s*$/.test(header)) return errorResponse(c, new AutodevopsError('ADO_REQUEST_INVALID', `the Content-Length header "${header}" is not a number of bytes`));
      if (Number(header) > maxBytes) return tooLarge(c, maxBytes, Number(header));
      // Node's parser reads exactly the declared length, so there is nothing to count; counting would
      // also move the body off the adapter's fast path (the handler reads it straight from the socket).
      if (requestHeader(c, 'transfer-encoding') === undefined) return next();
    }
    // GET and HEAD have no body here; asking the request for one would build a full web Request.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return counting(maxBytes)(c, next);
  };
}
