import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { deliveryLog } from './delivery-log.ts';

describe('deliveryLog', () => {
  it('records an id once per project, forgets and prunes', () => {
    let now = 1000;
    const log = deliveryLog(new DatabaseSync(':memory:'), () => now);
    expect(log.record('a', 'd1')).toBe(true);
    expect(log.record('a', 'd1')).toBe(false);
    expect(log.record('b', 'd1')).toBe(true);
    log.forget('a', 'd1');
    expect(log.has('a', 'd1')).toBe(false);
    expect(log.record('a', 'd1')).toBe(true);
    now = 5000;
    expect(log.record('a', 'd2')).toBe(true);
    expect(log.prune(2000)).toBe(2);
    expect([log.has('a', 'd1'), log.has('b', 'd1'), log.has('a', 'd2')]).toEqual([false, false, true]);
  });

  it('keeps ids across reopening the database file, shared by two connections', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ado-deliveries-')), 'server.db');
    const first = new DatabaseSync(file);
    expect(deliveryLog(first).record('a', 'd1')).toBe(true);
    const second = new DatabaseSync(file);
    expect(deliveryLog(second).record('a', 'd1')).toBe(false);
    first.close();
    second.close();
    expect(deliveryLog(new DatabaseSync(file)).has('a', 'd1')).toBe(true);
  });
});
