/**
 * The request's bearer token and its SHA-256 hash, computed once per request: the rate limiter
 * keys its buckets by the hash and authentication looks the token up by it, so hashing twice
 * would double the cost of the cheapest routes. Only the hash is kept, never the token.
 */
import type { Context } from 'hono';
import { requestHeader } from './node-bindings.ts';
import { hashToken } from './registry/tokens.ts';

/** Where the hash is kept for the rest of the request: a property of its context (a WeakMap entry per request costs the GC more). */
const hashKey = Symbol('bearerHash');
type Memo = { [hashKey]?: string | null };

/** The secret of an `Authorization: Bearer <token>` header, or undefined. */
export function bearer(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

/** The hash of the request's bearer token, or undefined when it has none. */
export function bearerHash(c: Context): string | undefined {
  const memo = c as unknown as Memo;
  let hashed = memo[hashKey];
  if (hashed === undefined) {
    const secret = bearer(requestHeader(c, 'authorization'));
    hashed = memo[hashKey] = secret === undefined ? null : hashToken(secret);
  }
  return hashed ?? undefined;
}
