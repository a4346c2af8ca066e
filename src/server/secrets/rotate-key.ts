/**
 * `autodevops secrets rotate-key`: every sealed value (project secrets, webhook secrets) is opened
 * with its key and sealed again with a new one, in one transaction that also records the new key
 * as current. With key files, the new key is written to `secrets.key.next` inside that transaction
 * and renamed over `secrets.key` after the commit; a crash in between is settled on the next open.
 * With the key in the environment, the new key comes from AUTODEVOPS_SECRETS_NEW_KEY.
 */
import { renameSync } from 'node:fs';
import path from 'node:path';
import { AutodevopsError } from '../../core/errors.ts';
import { transaction } from '../registry/migrate.ts';
import { decodeKey, newKey, newSecretsKeyEnv, nextSecretsKeyFile, readKeyFile, secretsKeyEnv, secretsKeyFile, syncDirectory, writeKeyFileOnce, type SecretsKey } from './key-files.ts';
import { openKeyRing, setCurrentKeyId, settleRotation, type KeyRing, type KeyRingOptions } from './key-ring.ts';

/** What a rotation did. */
export interface RotationResult {
  /** Id of the new key. */
  keyId: string;
  /** How many sealed values were sealed again. */
  resealed: number;
  /** Where the new key is: the key file, or (to be set by the operator) the environment. */
  keySource: 'file' | 'env';
}

/** The tables holding sealed values, and the column that names a row within its project. */
const sealedTables = [{ table: 'secrets', key: 'name' }, { table: 'webhook_secrets', key: 'kind' }] as const;

function newKeyFor(options: KeyRingOptions): SecretsKey {
  if (options.env[secretsKeyEnv] === undefined) return writeKeyFileOnce(path.join(options.dataDir, nextSecretsKeyFile), newKey());
  const next = options.env[newSecretsKeyEnv];
  if (next === undefined) {
    throw new AutodevopsError('ADO_CONFIG_INVALID', `${secretsKeyEnv} is set, so the new key must come from ${newSecretsKeyEnv}`, {
      hint: `Set ${newSecretsKeyEnv} to a new key (\`openssl rand -base64 32\`), rotate, then restart the server with ${secretsKeyEnv} set to it.`,
    });
  }
  return decodeKey(next, newSecretsKeyEnv);
}

function reseal(options: KeyRingOptions, ring: KeyRing, key: SecretsKey): number {
  const sealer = options.sealWith(key.key);
  let count = 0;
  for (const { table, key: column } of sealedTables) {
    const rows = options.db.prepare(`SELECT project, ${column} AS id, sealed, key_id FROM ${table}`).all() as Array<{ project: string; id: string; sealed: string; key_id: string }>;
    const update = options.db.prepare(`UPDATE ${table} SET sealed = ?, key_id = ? WHERE project = ? AND ${column} = ?`);
    for (const row of rows) update.run(sealer.seal(ring.unseal(row.sealed, row.key_id)), key.id, row.project, row.id);
    count += rows.length;
  }
  return count;
}

/** Seals every value again with a new key; everything or nothing. */
export function rotateSecretsKey(options: KeyRingOptions): RotationResult {
  settleRotation(options.db, options.dataDir);
  const ring = openKeyRing(options);
  let key: SecretsKey | undefined;
  let resealed: number;
  try {
    resealed = transaction(options.db, () => {
      key = newKeyFor(options);
      const count = reseal(options, ring, key);
      setCurrentKeyId(options.db, key.id);
      return count;
    });
  } catch (error) {
    // Rolled back: the next key file, if written, is not used and goes.
    settleRotation(options.db, options.dataDir);
    throw error;
  }
  if (options.env[secretsKeyEnv] !== undefined) return { keyId: key!.id, resealed, keySource: 'env' };
  promoteNextKey(options.dataDir, key!.id);
  return { keyId: key!.id, resealed, keySource: 'file' };
}

/** Renames the next key file over the key file, unless a server opening meanwhile already did. */
function promoteNextKey(dataDir: string, id: string): void {
  try {
    renameSync(path.join(dataDir, nextSecretsKeyFile), path.join(dataDir, secretsKeyFile));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || readKeyFile(path.join(dataDir, secretsKeyFile))?.id !== id) throw error;
  }
  syncDirectory(dataDir);
}
