/**
 * Rate limits per API token and per client address (token buckets, in memory). A request with a
 * bearer token draws from that token's bucket; one without draws from its address's bucket. Each
 * failed authentication with a token draws from a third bucket, per address, with the address
 * policy: spraying guessed tokens from one address is limited like unauthenticated traffic, and
 * while that bucket is empty the address is refused even with a valid token. Mount it before
 * authentication. Refusals are 429 `ADO_RATE_LIMITED` with `Retry-After`;
 * every limited response carries `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`
 * and `RateLimit-Policy` (IETF draft, 6th version).
 */
import { hash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { AutodevopsError } from '../../core/errors.ts';
import { errorResponse } from '../errors.ts';
import { remoteAddress } from '../audit/audit-middleware.ts';
import { TokenBuckets, type BucketPolicy, type BucketState } from './token-bucket.ts';

/** Limits per token: 20 requests per second, bursts of 40. */
export const defaultPerToken: BucketPolicy = { ratePerSecond: 20, burst: 40 };
/** Limits per address for unauthenticated requests and failed logins: 10 per second, bursts of 20. */
export const defaultPerAddress: BucketPolicy = { ratePerSecond: 10, burst: 20 };

/** Options of the rate limiter. */
export interface RateLimitOptions {
  perToken?: BucketPolicy;
  perAddress?: BucketPolicy;
  /** Buckets kept per kind before the least recently used go (default 10,000). */
  maxBuckets?: number;
  now?: () => number;
  /** The client address; by default the socket's (behind a proxy, read a header you trust). */
  addressOf?: (c: Context) => string | undefined;
  /** Requests that are not limited (e.g. health checks). */
  skip?: (c: Context) => boolean;
}

function bearer(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

function setHeaders(set: (name: string, value: string) => void, state: BucketState, policy: BucketPolicy): void {
  set('RateLimit-Limit', String(state.limit));
  set('RateLimit-Remaining', String(state.remaining));
  set('RateLimit-Reset', String(Math.ceil(state.resetMs / 1000)));
  set('RateLimit-Policy', `${policy.burst};w=${Math.ceil(policy.burst / policy.ratePerSecond)}`);
}

function refusal(c: Context, state: BucketState, policy: BucketPolicy, who: string): Response {
  const seconds = Math.max(1, Math.ceil(state.retryAfterMs / 1000));
  const res = errorResponse(c, new AutodevopsError('ADO_RATE_LIMITED',
    `too many requests from ${who}: at most ${policy.ratePerSecond} per second, in bursts of ${policy.burst}; retry in ${seconds} s`));
  res.headers.set('Retry-After', String(seconds));
  setHeaders((name, value) => res.headers.set(name, value), state, policy);
  return res;
}

/** The rate limiting middleware. */
export function rateLimit(options: RateLimitOptions = {}): MiddlewareHandler {
  const bucketOptions = { ...(options.maxBuckets !== undefined && { maxBuckets: options.maxBuckets }), ...(options.now && { now: options.now }) };
  const tokens = new TokenBuckets(options.perToken ?? defaultPerToken, bucketOptions);
  const addresses = new TokenBuckets(options.perAddress ?? defaultPerAddress, bucketOptions);
  const failures = new TokenBuckets(options.perAddress ?? defaultPerAddress, bucketOptions);
  const addressOf = options.addressOf ?? remoteAddress;
  return async (c, next) => {
    if (options.skip?.(c)) return next();
    const address = addressOf(c) ?? 'unknown';
    const secret = bearer(c.req.header('authorization'));
    // Keyed by the token's hash: the limiter runs before authentication and never keeps a token.
    const key = secret === undefined ? undefined : hash('sha256', secret, 'hex');
    const failed = key === undefined ? undefined : failures.peek(address);
    const [buckets, state] = key === undefined ? [addresses, addresses.take(address)]
      : failed!.allowed ? [tokens, tokens.take(key)] : [failures, failed!];
    if (!state.allowed) return refusal(c, state, buckets.policy, buckets === tokens ? 'this API token' : `address ${address}`);
    // Set before the handler, the headers go into the response it builds (cheaper than editing that
    // response afterwards); a handler that returns a Response of its own gets them afterwards.
    setHeaders((name, value) => c.header(name, value), state, buckets.policy);
    await next();
    if (key !== undefined && c.res.status === 401) failures.charge(address);
    if (!c.res.headers.has('RateLimit-Limit')) setHeaders((name, value) => c.res.headers.set(name, value), state, buckets.policy);
  };
}
