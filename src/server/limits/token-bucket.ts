/**
 * Token buckets in memory, one per key: a bucket holds up to `burst` tokens and regains
 * `ratePerSecond`; a request takes one. Memory is bounded: a bucket idle long enough to be full
 * again is the same as a new one and is dropped, and beyond `maxBuckets` the least recently used
 * bucket goes. Recency is a counter stamped on each use, found by a scan only when the map is full:
 * keeping the map itself in LRU order would cost a delete and an insert on every request.
 */

/** How fast a bucket refills and how much it holds. */
export interface BucketPolicy {
  ratePerSecond: number;
  burst: number;
}

/** The state of a bucket after a take or a peek. */
export interface BucketState {
  allowed: boolean;
  /** Whole tokens left. */
  remaining: number;
  /** The policy's burst. */
  limit: number;
  /** Milliseconds until the next token (0 when one is there). */
  retryAfterMs: number;
  /** Milliseconds until the bucket is full. */
  resetMs: number;
}

interface Bucket { tokens: number; updated: number; used: number }

/** Buckets of one policy, by key. */
export class TokenBuckets {
  readonly policy: BucketPolicy;
  readonly #buckets = new Map<string, Bucket>();
  readonly #maxBuckets: number;
  readonly #now: () => number;
  readonly #fillMs: number;
  #lastSweep: number;
  #uses = 0;

  constructor(policy: BucketPolicy, options: { maxBuckets?: number; now?: () => number } = {}) {
    if (!(policy.ratePerSecond > 0) || !(policy.burst >= 1)) throw new RangeError('a bucket needs ratePerSecond > 0 and burst >= 1');
    this.policy = policy;
    this.#maxBuckets = options.maxBuckets ?? 10_000;
    this.#now = options.now ?? Date.now;
    this.#fillMs = (policy.burst / policy.ratePerSecond) * 1000;
    this.#lastSweep = this.#now();
  }

  /** How many buckets are held. */
  get size(): number {
    return this.#buckets.size;
  }

  /** Takes a token if there is one. */
  take(key: string): BucketState {
    const bucket = this.#touch(key, this.#now());
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    return this.#state(bucket, allowed);
  }

  /** The bucket's state without taking: `allowed` says whether a token is there. */
  peek(key: string): BucketState {
    const bucket = this.#buckets.get(key);
    if (!bucket) return this.#state({ tokens: this.policy.burst, updated: this.#now(), used: 0 }, true);
    this.#refill(bucket, this.#now());
    return this.#state(bucket, bucket.tokens >= 1);
  }

  /** Takes a token whether or not there is one (never below empty): for failures found after the fact. */
  charge(key: string): void {
    const bucket = this.#touch(key, this.#now());
    bucket.tokens = Math.max(0, bucket.tokens - 1);
  }

  #touch(key: string, now: number): Bucket {
    this.#sweep(now);
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      if (this.#buckets.size >= this.#maxBuckets) this.#evictLeastRecent();
      bucket = { tokens: this.policy.burst, updated: now, used: 0 };
      this.#buckets.set(key, bucket);
    }
    bucket.used = ++this.#uses;
    this.#refill(bucket, now);
    return bucket;
  }

  #evictLeastRecent(): void {
    let oldest: string | undefined;
    let at = Infinity;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.used < at) [oldest, at] = [key, bucket.used];
    }
    this.#buckets.delete(oldest!);
  }

  #refill(bucket: Bucket, now: number): void {
    bucket.tokens = Math.min(this.policy.burst, bucket.tokens + ((now - bucket.updated) * this.policy.ratePerSecond) / 1000);
    bucket.updated = now;
  }

  /** Drops the buckets that are full again, at most once per refill period. */
  #sweep(now: number): void {
    if (now - this.#lastSweep < this.#fillMs) return;
    this.#lastSweep = now;
    for (const [key, bucket] of this.#buckets) {
      if (now - bucket.updated >= this.#fillMs) this.#buckets.delete(key);
    }
  }

  #state(bucket: Bucket, allowed: boolean): BucketState {
    const perMs = this.policy.ratePerSecond / 1000;
    return {
      allowed, remaining: Math.floor(bucket.tokens), limit: this.policy.burst,
      retryAfterMs: bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) / perMs),
      resetMs: Math.ceil((this.policy.burst - bucket.tokens) / perMs),
    };
  }
}
