import { describe, expect, it } from 'vitest';
import { withLock } from './keyed-lock.ts';

describe('withLock', () => {
  it('runs sections of one key one at a time, in order, even after a failure; other keys run alongside', async () => {
    const order: string[] = [];
    const step = (name: string, ms: number, fail = false) => async (): Promise<string> => {
      order.push(`${name}+`);
      await new Promise((r) => setTimeout(r, ms));
      order.push(`${name}-`);
      if (fail) throw new Error(name);
      return name;
    };
    const a = withLock('k', step('a', 30, true));
    const b = withLock('k', step('b', 5));
    const c = withLock('other', step('c', 5));
    await expect(a).rejects.toThrow('a');
    expect(await b).toBe('b');
    expect(await c).toBe('c');
    expect(order.indexOf('b+')).toBeGreaterThan(order.indexOf('a-'));
    expect(order.indexOf('c-')).toBeLessThan(order.indexOf('a-'));
  });
});
