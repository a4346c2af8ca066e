/**
 * `<data-dir>/server.db`: the server's registry (projects, tokens, run ownership, workflows,
 * variables, secrets, the project event journal), apart from the engine's store, which stays
 * unaware of projects. WAL lets the CLI (`autodevops token`) write while the server reads.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { AutodevopsError } from '../../core/errors.ts';
import { importLegacyTokens } from './legacy-tokens.ts';
import { applyMigrations } from './migrate.ts';
import { registryMigrations } from './migrations.ts';

/** The registry's file name inside the data directory. */
export const serverDbFileName = 'server.db';

/** Opens (creating and migrating) server.db; tokens of a former tokens.db are moved in once. */
export function openServerDb(dataDir: string, now: () => number = Date.now): DatabaseSync {
  const file = path.join(dataDir, serverDbFileName);
  let db: DatabaseSync;
  try {
    mkdirSync(dataDir, { recursive: true });
    db = new DatabaseSync(file, { timeout: 5000, enableForeignKeyConstraints: true });
  } catch (error) {
    throw new AutodevopsError('ADO_DATA_DIR_UNUSABLE', `${file} cannot be opened: ${(error as Error).message}`, { cause: error });
  }
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    applyMigrations(db, 'registry', registryMigrations);
    importLegacyTokens(db, dataDir, now);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
