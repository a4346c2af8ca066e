/**
 * The request's bearer token and its SHA-256 hash, computed once per request: the rate limiter
 * keys its buckets by the hash and authentication looks the token up by it, so hashing twice
 * would double the cost of the cheapest routes. Only the hash is kept, never the token.
 */
import type { Context } from 'hono';
import { hashToken } from './registry/tokens.ts';

const hashes = new WeakMap<Request, string | undefined>();

/** The secret of an `Authorization: Bearer <token>` header, or undefined. */
export function bearer(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

/** The hash of the request's bearer token, or undefined when it has none. */
export function bearerHash(c: Context): string | undefined {
  const request = c.req.raw;
  if (hashes.has(request)) return hashes.get(request);
  const secret = bearer(c.req.header('authorization'));
  const hashed = secret === undefined ? undefined : hashToken(secret);
  hashes.set(request, hashed);
  return hashed;
}
