/**
 * Schema migrations, applied in order. `PRAGMA user_version` records how many have run, so a
 * database knows its version without a bookkeeping table. Never edit a released migration: add
 * the next number, and refresh `schema.sql` (`ADO_UPDATE_SCHEMA=1 npx vitest run src/store/sqlite`).
 */
import type { DatabaseSync } from 'node:sqlite';
import { AutodevopsError } from '../../core/errors.ts';
import initial from './migrations/0001-initial.sql';
import concurrencySlots from './migrations/0002-concurrency-slots.sql';
import runNumbers from './migrations/0003-run-numbers.sql';
import eventsInCommitOrder from './migrations/0004-events-in-commit-order.sql';

/** One numbered migration. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration, oldest first; `version` counts up from 1 without gaps. */
export const migrations: readonly Migration[] = [
  { version: 1, name: '0001-initial', sql: initial },
  { version: 2, name: '0002-concurrency-slots', sql: concurrencySlots },
  { version: 3, name: '0003-run-numbers', sql: runNumbers },
  { version: 4, name: '0004-events-in-commit-order', sql: eventsInCommitOrder },
];

/** The schema version this code writes. */
export const schemaVersion = migrations.length;

/** The database's schema version. */
export function userVersion(db: DatabaseSync): number {
  return (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
}

/**
 * Brings the database to the last version of `list` in one transaction. The version is read again
 * under the write lock because another process may have migrated the file meanwhile.
 */
export function migrate(db: DatabaseSync, file: string, list: readonly Migration[] = migrations): void {
  if (checkVersion(db, file, list.length) === list.length) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    const current = checkVersion(db, file, list.length);
    for (const m of list) if (m.version > current) db.exec(m.sql);
    db.exec(`PRAGMA user_version = ${list.length}`);
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** The database's schema version; throws when a newer autodevops wrote it. */
export function checkVersion(db: DatabaseSync, file: string, known = schemaVersion): number {
  const version = userVersion(db);
  if (version > known) {
    throw new AutodevopsError('ADO_STORE_NEWER', `${file} has schema version ${version}; this autodevops knows up to ${known}.`);
  }
  return version;
}
