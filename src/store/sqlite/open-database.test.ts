import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAutodevopsError } from '../../core/errors.ts';
import { createRun, seqs, stepEvents } from '../conformance/fixtures.ts';
import { schemaVersion } from './migrations.ts';
import { databaseFileName, openDatabase } from './open-database.ts';
import { openSqliteStore } from './sqlite-store.ts';
import { tempDir } from './testing/temp-dir.ts';

async function openError(dataDir: string): Promise<{ code: string; message: string }> {
  try {
    const store = await openSqliteStore({ dataDir });
    await store.close();
  } catch (error) {
    if (isAutodevopsError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('the store opened');
}

/** Holds the database's write lock for `ms` in another process; resolves once the lock is held. */
function holdWriteLock(file: string, ms: number): Promise<{ done: Promise<void> }> {
  const script = `const { DatabaseSync } = require('node:sqlite'); const db = new DatabaseSync(${JSON.stringify(file)});
    db.exec('BEGIN IMMEDIATE'); console.log('locked'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms});
    db.exec('COMMIT');`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const done = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve) => child.stdout.once('data', () => resolve({ done })));
}

describe('openDatabase', () => {
  let temp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    temp = await tempDir();
  });
  afterEach(async () => {
    await temp.remove();
  });

  it('creates a missing data directory, nested, and the database in it', async () => {
    const dataDir = join(temp.dir, 'a', 'b');
    const store = await openSqliteStore({ dataDir });
    await store.close();
    expect(existsSync(join(dataDir, databaseFileName))).toBe(true);
  });

  it('sets WAL, synchronous=FULL, foreign keys, busy timeout and the schema version', () => {
    const db = openDatabase({ dataDir: temp.dir, busyTimeoutMs: 1234 });
    const pragma = (name: string): unknown => Object.values(db.prepare(`PRAGMA ${name}`).get() ?? {})[0];
    expect([pragma('journal_mode'), pragma('synchronous'), pragma('foreign_keys'), pragma('busy_timeout')]).toEqual(['wal', 2, 1, 1234]);
    expect(pragma('user_version')).toBe(schemaVersion);
    db.close();
  });

  it('reports a data directory that cannot be created, naming it and creating nothing', async () => {
    writeFileSync(join(temp.dir, 'file'), 'x');
    const dataDir = join(temp.dir, 'file', 'data');
    const error = await openError(dataDir);
    expect(error.code).toBe('ADO_DATA_DIR_UNUSABLE');
    expect(error.message).toContain(dataDir);
    expect(readdirSync(temp.dir)).toEqual(['file']);
  });

  it('reports a data directory whose database cannot be opened', async () => {
    mkdirSync(join(temp.dir, databaseFileName));
    const error = await openError(temp.dir);
    expect(error.code).toBe('ADO_DATA_DIR_UNUSABLE');
    expect(error.message).toContain(temp.dir);
  });

  it('refuses a database from a newer autodevops and leaves it as it was', async () => {
    const file = join(temp.dir, databaseFileName);
    const raw = new DatabaseSync(file);
    raw.exec(`CREATE TABLE future (x); PRAGMA user_version = ${schemaVersion + 1}`);
    raw.close();
    const before = readFileSync(file);
    const error = await openError(temp.dir);
    expect(error.code).toBe('ADO_STORE_NEWER');
    expect(error.message).toContain(file);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('reports a file that is not a SQLite database, never touching it', async () => {
    const file = join(temp.dir, databaseFileName);
    const garbage = Buffer.from('this is not a database, it is a shopping list\n'.repeat(200));
    writeFileSync(file, garbage);
    const error = await openError(temp.dir);
    expect(error.code).toBe('ADO_STORE_CORRUPT');
    expect(error.message).toContain(file);
    expect(readFileSync(file).equals(garbage)).toBe(true);
    expect(readdirSync(temp.dir)).toEqual([databaseFileName]);
  });

  it('makes a write wait for another process\'s transaction instead of failing', async () => {
    const store = await openSqliteStore({ dataDir: temp.dir, busyTimeoutMs: 10_000 });
    await createRun(store, 'run-a');
    const lock = await holdWriteLock(join(temp.dir, databaseFileName), 300);
    const started = Date.now();
    await store.append([{ runId: 'run-a', events: stepEvents(2, 1) }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(await seqs(store, 'run-a')).toEqual([1, 2]);
    await lock.done;
    await store.close();
  });

  it('fails to open while another process holds a new database\'s write lock past the timeout', async () => {
    const lock = await holdWriteLock(join(temp.dir, databaseFileName), 1000);
    await expect(openSqliteStore({ dataDir: temp.dir, busyTimeoutMs: 50 })).rejects.toThrow(/locked|busy/i);
    await lock.done;
    const store = await openSqliteStore({ dataDir: temp.dir });
    expect(await store.listRuns({})).toEqual([]);
    await store.close();
  });

  it('fails a write once the busy timeout passes, leaving nothing half-written', async () => {
    const store = await openSqliteStore({ dataDir: temp.dir, busyTimeoutMs: 50 });
    await createRun(store, 'run-a');
    const lock = await holdWriteLock(join(temp.dir, databaseFileName), 1000);
    await expect(store.append([{ runId: 'run-a', events: stepEvents(2, 1) }])).rejects.toThrow(/locked|busy/i);
    await expect(store.enqueueCommand('run-a', 'cancel', {}, 1)).rejects.toThrow(/locked|busy/i);
    await lock.done;
    expect(await seqs(store, 'run-a')).toEqual([1]);
    await store.close();
  });
});
