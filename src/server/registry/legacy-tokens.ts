/**
 * The first server kept tokens, without projects, in `<data-dir>/tokens.db`. They are moved into
 * server.db once, as tokens of the project `default` with the same role (so they keep working
 * where they worked), and the old file is renamed `tokens.db.imported`. Re-running after a crash
 * between the import and the rename is harmless: token ids and hashes are unique.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { transaction } from './migrate.ts';

/** The project the tokens of a former tokens.db belong to. */
export const legacyProject = 'default';

interface LegacyRow { id: string; name: string; role: string; hash: string; created_at: number; expires_at: number | null; revoked_at: number | null }

function readLegacy(file: string): LegacyRow[] {
  const old = new DatabaseSync(file);
  try {
    const hasTable = old.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'api_tokens'").get() !== undefined;
    return hasTable ? (old.prepare('SELECT * FROM api_tokens ORDER BY created_at, id').all() as unknown as LegacyRow[]) : [];
  } finally {
    old.close();
  }
}

/** Moves the tokens of `<dataDir>/tokens.db`, if there is one, into server.db. */
export function importLegacyTokens(db: DatabaseSync, dataDir: string, now: () => number): number {
  const file = path.join(dataDir, 'tokens.db');
  if (!existsSync(file)) return 0;
  const rows = readLegacy(file);
  transaction(db, () => {
    if (rows.length > 0) db.prepare('INSERT OR IGNORE INTO projects (name, created_at) VALUES (?, ?)').run(legacyProject, now());
    const insert = db.prepare('INSERT OR IGNORE INTO tokens (id, name, project, role, hash, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const r of rows) insert.run(r.id, r.name, legacyProject, r.role, r.hash, r.created_at, r.expires_at, r.revoked_at);
  });
  renameSync(file, `${file}.imported`);
  for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  return rows.length;
}
