import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { scheduleStore } from './schedule-store.ts';

const key = { project: 'shop', workflowId: 'a.yml', cron: '0 * * * *' };

describe('scheduleStore', () => {
  it('adds, keeps and removes schedules on reconcile', () => {
    const store = scheduleStore(new DatabaseSync(':memory:'));
    store.reconcile([key, { ...key, project: 'other' }], () => 100);
    store.claim(key, { dueAt: 100, firedAt: 100, skipped: 0, nextDueAt: 200 });
    store.reconcile([key, { ...key, cron: '30 * * * *' }], () => 999);
    expect(store.list('shop')).toEqual([
      { ...key, lastFiredAt: 100, nextDueAt: 200, lastStatus: 'dispatching', skippedTotal: 0 },
      { ...key, cron: '30 * * * *', nextDueAt: 999, skippedTotal: 0 },
    ]);
    expect(store.list('other')).toEqual([]);
  });

  it('claims a due occurrence once, and only at the due time read', () => {
    const store = scheduleStore(new DatabaseSync(':memory:'));
    store.reconcile([key], () => 100);
    expect(store.claim(key, { dueAt: 100, firedAt: 100, skipped: 2, nextDueAt: 200 })).toBe(true);
    expect(store.claim(key, { dueAt: 100, firedAt: 100, skipped: 2, nextDueAt: 200 })).toBe(false);
    store.settle(key, 100, { runId: 'r1' });
    expect(store.claim(key, { dueAt: 200, skipped: 1, nextDueAt: 300 })).toBe(true);
    expect(store.list()).toEqual([{ ...key, lastFiredAt: 100, nextDueAt: 300, lastRunId: 'r1', lastStatus: 'dispatched', skippedTotal: 3 }]);
  });

  it('settles only the fire it belongs to, and hands over dispatching fires as unconfirmed once', () => {
    const store = scheduleStore(new DatabaseSync(':memory:'));
    store.reconcile([key], () => 100);
    store.claim(key, { dueAt: 100, firedAt: 100, skipped: 0, nextDueAt: 200 });
    store.settle(key, 50, { runId: 'stale' });
    expect(store.list()[0]).toMatchObject({ lastStatus: 'dispatching' });
    expect(store.takeUnconfirmed()).toEqual([{ ...key, lastFiredAt: 100, nextDueAt: 200, lastStatus: 'unconfirmed', skippedTotal: 0 }]);
    expect(store.takeUnconfirmed()).toEqual([]);
    store.settle(key, 100, { error: 'late failure' });
    expect(store.list()[0]).toMatchObject({ lastStatus: 'failed', lastError: 'late failure' });
  });

  it('changes nothing when reconcile fails half way', () => {
    const store = scheduleStore(new DatabaseSync(':memory:'));
    store.reconcile([key], () => 100);
    expect(() => store.reconcile([{ ...key, cron: 'x' }, { ...key, cron: 'y' }], (cron) => {
      if (cron === 'y') throw new Error('boom');
      return 1;
    })).toThrow('boom');
    expect(store.list().map((r) => r.cron)).toEqual(['0 * * * *']);
  });
});
