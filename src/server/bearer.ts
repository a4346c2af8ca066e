/**
 * The request's bearer token and its SHA-256 hash, computed once per request: the rate limiter
 * keys its buckets by the hash and authentication looks the token up by it. The tokens presented
 * last are remembered in this process's memory with their hashes (as a session store keeps its
 * session ids): hashing was the largest single cost of a cheap authenticated request. Nothing but
 * hashes is ever written anywhere.
 */
import type { Context } from 'hono';
import { requestHeader } from './node-bindings.ts';
import { hashToken } from './registry/tokens.ts';

/** Where the hash is kept for the rest of the request: a property of its context (a WeakMap entry per request costs the GC more). */
const hashKey = Symbol('bearerHash');
type Memo = { [hashKey]?: string | null };

/** Hashes of recently presented tokens, oldest first; a busy server sees a few tokens again and again. */
const recent = new Map<string, string>();
const recentMax = 1024;

function hashOf(secret: string): string {
  let hashed = recent.get(secret);
  if (hashed === undefined) {
    hashed = hashToken(secret);
    recent.set(secret, hashed);
    if (recent.size > recentMax) recent.delete(recent.keys().next().value!);
  }
  return hashed;
}

/** The secret of an `Authorization: Bearer <token>` header, or undefined. */
function bearer(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

/** The hash of the request's bearer token, or undefined when it has none. */
export function bearerHash(c: Context): string | undefined {
  const memo = c as unknown as Memo;
  let hashed = memo[hashKey];
  if (hashed === undefined) {
    const secret = bearer(requestHeader(c, 'authorization'));
    hashed = memo[hashKey] = secret === undefined ? null : hashOf(secret);
  }
  return hashed ?? undefined;
}
