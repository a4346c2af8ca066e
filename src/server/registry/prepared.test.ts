import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangeGuardedMemo, prepared } from './prepared.ts';
import { openServerDb, serverDbFileName } from './server-db.ts';

let dir: string;
let db: DatabaseSync;
let other: DatabaseSync;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ado-prepared-'));
  db = openServerDb(dir);
  // Another process's connection (the CLI), writing the same file.
  other = new DatabaseSync(path.join(dir, serverDbFileName), { timeout: 5000 });
  db.exec("INSERT INTO meta VALUES ('colour', 'red')");
});
afterEach(async () => {
  other.close();
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const colourOf = (key: string): string | undefined => (prepared(db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;

describe('prepared statements', () => {
  it('are compiled once per connection and SQL text', () => {
    const sql = 'SELECT value FROM meta WHERE key = ?';
    expect(prepared(db, sql)).toBe(prepared(db, sql));
    expect(prepared(other, sql)).not.toBe(prepared(db, sql));
  });
});

describe('ChangeGuardedMemo', () => {
  it('reads a key once while nothing changes, and again after clear()', () => {
    const reads: string[] = [];
    const memo = new ChangeGuardedMemo(db, (key) => (reads.push(key), colourOf(key)));
    expect([memo.get('colour'), memo.get('colour')]).toEqual(['red', 'red']);
    db.exec("UPDATE meta SET value = 'blue' WHERE key = 'colour'");
    // This connection's own writes are not seen: whoever writes clears.
    expect(memo.get('colour')).toBe('red');
    memo.clear();
    expect(memo.get('colour')).toBe('blue');
    expect(reads).toEqual(['colour', 'colour']);
  });

  it('keeps only what was found, at most max values', () => {
    const reads: string[] = [];
    const memo = new ChangeGuardedMemo(db, (key) => (reads.push(key), colourOf(key)), { max: 1 });
    expect([memo.get('shape'), memo.get('shape')]).toEqual([undefined, undefined]);
    db.exec("INSERT INTO meta VALUES ('size', 'big')");
    memo.clear();
    expect([memo.get('colour'), memo.get('size'), memo.get('size'), memo.get('colour')]).toEqual(['red', 'big', 'big', 'red']);
    expect(reads).toEqual(['shape', 'shape', 'colour', 'size', 'size']);
  });

  it('sees what another connection committed: on the next read, or within recheckMs', () => {
    let now = 0;
    const exact = new ChangeGuardedMemo(db, colourOf);
    const late = new ChangeGuardedMemo(db, colourOf, { recheckMs: 1000, now: () => now });
    expect([exact.get('colour'), late.get('colour')]).toEqual(['red', 'red']);
    other.exec("UPDATE meta SET value = 'green' WHERE key = 'colour'");
    expect(exact.get('colour')).toBe('green');
    now = 999;
    expect(late.get('colour')).toBe('red');
    now = 1000;
    expect(late.get('colour')).toBe('green');
  });
});
