/**
 * Numbered migrations of server.db, in named sets: the registry has one, and each server module
 * that keeps its own tables (webhook deliveries, schedules, the audit log) brings another, so
 * modules add tables without sharing one numbering. `schema_versions` records each set's version.
 */
import type { DatabaseSync } from 'node:sqlite';
import { AutodevopsError } from '../../core/errors.ts';

/** One numbered migration of a set; versions count up from 1 without gaps. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const bookkeeping = 'CREATE TABLE IF NOT EXISTS schema_versions (name TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL) STRICT, WITHOUT ROWID';

function versionOf(db: DatabaseSync, set: string, known: number): number {
  const row = db.prepare('SELECT version FROM schema_versions WHERE name = ?').get(set) as { version: number } | undefined;
  const version = row?.version ?? 0;
  if (version > known) {
    throw new AutodevopsError('ADO_STORE_NEWER', `server.db has version ${version} of "${set}"; this autodevops knows up to ${known}.`);
  }
  return version;
}

/**
 * Brings the set to its last version in one transaction (re-reading the version under the write
 * lock, since another process may have migrated meanwhile).
 * @example applyMigrations(db, 'webhooks', [{ version: 1, name: '0001-deliveries', sql }]);
 */
export function applyMigrations(db: DatabaseSync, set: string, list: readonly Migration[]): void {
  db.exec(bookkeeping);
  if (versionOf(db, set, list.length) === list.length) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    const current = versionOf(db, set, list.length);
    for (const m of list) if (m.version > current) db.exec(m.sql);
    db.prepare('INSERT INTO schema_versions (name, version) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET version = excluded.version').run(set, list.length);
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** Runs `fn` in one write transaction: everything or nothing. */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
