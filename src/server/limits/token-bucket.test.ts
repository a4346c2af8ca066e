import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket.ts';

function clocked(policy = { ratePerSecond: 10, burst: 3 }, maxBuckets?: number): { buckets: TokenBuckets; advance(ms: number): void } {
  let now = 1_000_000;
  const buckets = new TokenBuckets(policy, { now: () => now, ...(maxBuckets !== undefined && { maxBuckets }) });
  return { buckets, advance: (ms) => void (now += ms) };
}

describe('TokenBuckets', () => {
  it('allows a burst, then one request per refill interval', () => {
    const { buckets, advance } = clocked();
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ allowed: false, remaining: 0, limit: 3, retryAfterMs: 100, resetMs: 300 });
    advance(50);
    expect(buckets.take('a')).toMatchObject({ allowed: false, retryAfterMs: 50 });
    advance(50);
    expect(buckets.take('a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(buckets.take('b')).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('never holds more than the burst', () => {
    const { buckets, advance } = clocked();
    buckets.take('a');
    advance(60_000);
    expect(buckets.take('a')).toMatchObject({ remaining: 2, resetMs: 100 });
  });

  it('peeks without taking, and charges without going below empty', () => {
    const { buckets } = clocked();
    expect(buckets.peek('a')).toMatchObject({ allowed: true, remaining: 3 });
    expect(buckets.size).toBe(0);
    for (let i = 0; i < 5; i++) buckets.charge('a');
    expect(buckets.peek('a')).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 100 });
  });

  it('drops buckets that are full again, so idle clients cost no memory', () => {
    const { buckets, advance } = clocked();
    for (let i = 0; i < 100; i++) buckets.take(`client-${i}`);
    expect(buckets.size).toBe(100);
    advance(299);
    buckets.take('late');
    expect(buckets.size).toBe(101);
    advance(1);
    buckets.take('later');
    expect(buckets.size).toBe(2);
  });

  it('evicts the least recently used bucket beyond maxBuckets', () => {
    const { buckets } = clocked(undefined, 2);
    buckets.take('a');
    buckets.take('b');
    buckets.take('a');
    buckets.take('c');
    expect(buckets.size).toBe(2);
    expect(buckets.peek('a').remaining).toBe(1);
    expect(buckets.peek('b').remaining).toBe(3);
  });

  it('refuses a policy that could never allow a request', () => {
    expect(() => new TokenBuckets({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new TokenBuckets({ ratePerSecond: 1, burst: 0.5 })).toThrow(RangeError);
  });
});
