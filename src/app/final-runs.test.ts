import { describe, expect, it } from 'vitest';
import { FinalRuns } from './final-runs.ts';

describe('FinalRuns', () => {
  it('keeps values of completed runs only, the oldest going first beyond max', () => {
    const kept = new FinalRuns<{ n: number }>(2);
    const running = { n: 0 };
    expect(kept.keep('r0', false, running)).toBe(running);
    expect(kept.has('r0')).toBe(false);
    const first = kept.keep('r1', true, { n: 1 });
    expect(kept.get('r1')).toBe(first);
    // A value kept stays: a completed run's value is final.
    kept.keep('r1', true, { n: 9 });
    expect(kept.get('r1')).toBe(first);
    kept.keep('r2', true, { n: 2 });
    kept.keep('r3', true, { n: 3 });
    expect([kept.has('r1'), kept.get('r2')?.n, kept.get('r3')?.n]).toEqual([false, 2, 3]);
  });

  it('weighs values when told how, and keeps nothing heavier than the whole', () => {
    const kept = new FinalRuns<string>(10, (text) => text.length);
    kept.keep('a', true, 'aaaa');
    kept.keep('b', true, 'bbbb');
    kept.keep('c', true, 'cccccc');
    expect([kept.has('a'), kept.has('b'), kept.has('c')]).toEqual([false, true, true]);
    expect(kept.keep('d', true, 'd'.repeat(11))).toBe('d'.repeat(11));
    expect([kept.has('d'), kept.has('c')]).toEqual([false, true]);
  });
});
