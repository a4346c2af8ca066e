/**
 * Rate limits per API token and per client address (token buckets, in memory). A request with a
 * bearer token draws from that token's bucket; one without draws from its address's bucket. Each
 * failed authentication with a token draws from a third bucket, per address, with the address
 * policy: spraying guessed tokens from one address is limited like unauthenticated traffic, and
 * while that bucket is empty the address is refused even with a valid token. Mount it before
 * authentication. Refusals are 429 `ADO_RATE_LIMITED` with `Retry-After`;
 * every limited response carries `RateLimit-Policy` and `RateLimit` (the IETF httpapi draft's
 * structured fields: `"token";q=40;w=2` is a quota of 40 per 2 s window, `"token";r=39;t=1` is
 * 39 left and full again in 1 s). Two headers, not the older draft's four: each costs every answer.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { AutodevopsError } from '../../core/errors.ts';
import { errorResponse } from '../errors.ts';
import { remoteAddress } from '../audit/audit-middleware.ts';
import { bearerHash } from '../bearer.ts';
import { answerHeader } from '../node-bindings.ts';
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

/** A bucket kind with its policy header, which never changes. */
interface Limiter {
  buckets: TokenBuckets;
  name: string;
  policyHeader: string;
}

function limiter(name: string, policy: BucketPolicy, options: { maxBuckets?: number; now?: () => number }): Limiter {
  return { buckets: new TokenBuckets(policy, options), name, policyHeader: `"${name}";q=${policy.burst};w=${Math.ceil(policy.burst / policy.ratePerSecond)}` };
}

function setHeaders(set: (name: string, value: string) => void, state: BucketState, limit: Limiter): void {
  set('RateLimit-Policy', limit.policyHeader);
  set('RateLimit', `"${limit.name}";r=${state.remaining};t=${Math.ceil(state.resetMs / 1000)}`);
}

function refusal(c: Context, state: BucketState, limit: Limiter, who: string): Response {
  const { policy } = limit.buckets;
  const seconds = Math.max(1, Math.ceil(state.retryAfterMs / 1000));
  const res = errorResponse(c, new AutodevopsError('ADO_RATE_LIMITED',
    `too many requests from ${who}: at most ${policy.ratePerSecond} per second, in bursts of ${policy.burst}; retry in ${seconds} s`));
  res.headers.set('Retry-After', String(seconds));
  setHeaders((name, value) => res.headers.set(name, value), state, limit);
  return res;
}

/** The rate limiting middleware. */
export function rateLimit(options: RateLimitOptions = {}): MiddlewareHandler {
  const bucketOptions = { ...(options.maxBuckets !== undefined && { maxBuckets: options.maxBuckets }), ...(options.now && { now: options.now }) };
  const tokens = limiter('token', options.perToken ?? defaultPerToken, bucketOptions);
  const addresses = limiter('address', options.perAddress ?? defaultPerAddress, bucketOptions);
  const failures = limiter('failed-logins', options.perAddress ?? defaultPerAddress, bucketOptions);
  const addressOf = options.addressOf ?? remoteAddress;
  return async (c, next) => {
    if (options.skip?.(c)) return next();
    const address = addressOf(c) ?? 'unknown';
    // Keyed by the token's hash, computed once per request and shared with authentication.
    const key = bearerHash(c);
    const failed = key === undefined ? undefined : failures.buckets.peek(address);
    const [limit, state] = key === undefined ? [addresses, addresses.buckets.take(address)]
      : failed!.allowed ? [tokens, tokens.buckets.take(key)] : [failures, failed!];
    if (!state.allowed) return refusal(c, state, limit, limit === tokens ? 'this API token' : `address ${address}`);
    // On Node the headers go straight onto the socket's response, whatever Response the handler builds:
    // through Hono they would turn every answer's headers into a Headers object, the adapter's slow path.
    let onNode = false;
    setHeaders((name, value) => void (onNode = answerHeader(c, name, value)), state, limit);
    await next();
    if (key !== undefined && c.res.status === 401) failures.buckets.charge(address);
    // Elsewhere a handler that returns a Response of its own gets them afterwards.
    if (!onNode && !c.res.headers.has('RateLimit')) setHeaders((name, value) => c.res.headers.set(name, value), state, limit);
  };
}
