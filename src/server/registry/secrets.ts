/**
 * Project secrets: write-only through the API (listed by name and dates, never by value), sealed
 * at rest with the key ring, opened only to hand them to a dispatched run as `secrets`.
 */
import type { DatabaseSync } from 'node:sqlite';
import { prepared } from './prepared.ts';
import type { KeyRing } from '../secrets/key-ring.ts';

/** A secret as listed: never its value. */
export interface SecretInfo {
  name: string;
  createdAt: number;
  updatedAt: number;
}

/** The secrets table. */
export interface Secrets {
  /** Creates or replaces; true when it was created. */
  put(project: string, name: string, value: string): boolean;
  list(project: string): SecretInfo[];
  /** False when there was no such secret. */
  remove(project: string, name: string): boolean;
  /** name → value, opened, for a run. */
  values(project: string): Record<string, string>;
}

interface Row { name: string; created_at: number; updated_at: number }

/** The secrets of server.db. */
export function secretsOf(db: DatabaseSync, ring: KeyRing, now: () => number): Secrets {
  return {
    put(project, name, value) {
      const { sealed, keyId } = ring.seal(value);
      const existed = prepared(db, 'SELECT 1 FROM secrets WHERE project = ? AND name = ?').get(project, name) !== undefined;
      const at = now();
      prepared(db, 'INSERT INTO secrets (project, name, sealed, key_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) '
        + 'ON CONFLICT (project, name) DO UPDATE SET sealed = excluded.sealed, key_id = excluded.key_id, updated_at = excluded.updated_at').run(project, name, sealed, keyId, at, at);
      return !existed;
    },
    list: (project) => (prepared(db, 'SELECT name, created_at, updated_at FROM secrets WHERE project = ? ORDER BY name').all(project) as unknown as Row[])
      .map((r) => ({ name: r.name, createdAt: r.created_at, updatedAt: r.updated_at })),
    remove: (project, name) => prepared(db, 'DELETE FROM secrets WHERE project = ? AND name = ?').run(project, name).changes > 0,
    values(project) {
      const rows = prepared(db, 'SELECT name, sealed, key_id FROM secrets WHERE project = ?').all(project) as Array<{ name: string; sealed: string; key_id: string }>;
      return Object.fromEntries(rows.map((r) => [r.name, ring.unseal(r.sealed, r.key_id)]));
    },
  };
}
