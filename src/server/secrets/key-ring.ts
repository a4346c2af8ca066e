/**
 * The keys project secrets are sealed with. Each sealed row records its key's id; server.db's
 * `meta.secrets_key_id` names the current key. Keys are looked up by id among the environment's
 * or the key files (the current one and, mid-rotation, the next), so a server keeps reading and
 * writing while `autodevops secrets rotate-key` runs in another process.
 */
import { existsSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { AutodevopsError } from '../../core/errors.ts';
import type { Sealer } from '../../engine/ports/sealer.ts';
import { transaction } from '../registry/migrate.ts';
import { newKey, newSecretsKeyEnv, nextSecretsKeyFile, readKeyFile, secretsKeyEnv, secretsKeyFile, syncDirectory, writeKeyFileOnce, decodeKey, type SecretsKey } from './key-files.ts';

/** Makes a Sealer (AES-256-GCM) from a 32-byte key; the composition root passes the store's. */
export type SealerFactory = (key: Buffer) => Sealer;

/** Where keys come from. */
export interface KeyRingOptions {
  db: DatabaseSync;
  dataDir: string;
  env: Record<string, string | undefined>;
  sealWith: SealerFactory;
}

/** Seals and unseals project secrets. */
export interface KeyRing {
  /** Seals with the current key. */
  seal(value: string): { sealed: string; keyId: string };
  /** Opens a value sealed with the key `keyId`. */
  unseal(sealed: string, keyId: string): string;
  /** True when the key comes from the environment rather than a key file. */
  readonly fromEnv: boolean;
}

const metaKey = 'secrets_key_id';

/** The id of the current key, or undefined before the first secret. */
export function currentKeyId(db: DatabaseSync): string | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(metaKey) as { value: string } | undefined)?.value;
}

/** Records the current key's id. */
export function setCurrentKeyId(db: DatabaseSync, id: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(metaKey, id);
}

/** The keys available now: from the environment, else from the key files. */
function availableKeys(dataDir: string, env: Record<string, string | undefined>): SecretsKey[] {
  if (env[secretsKeyEnv] !== undefined) {
    const next = env[newSecretsKeyEnv];
    return [decodeKey(env[secretsKeyEnv], secretsKeyEnv), ...(next === undefined ? [] : [decodeKey(next, newSecretsKeyEnv)])];
  }
  return [readKeyFile(path.join(dataDir, secretsKeyFile)), readKeyFile(path.join(dataDir, nextSecretsKeyFile))].filter((k): k is SecretsKey => k !== undefined);
}

/** The key new secrets start with: the environment's, else the key file's (created now if missing). */
function primaryKey(dataDir: string, env: Record<string, string | undefined>): SecretsKey {
  if (env[secretsKeyEnv] !== undefined) return decodeKey(env[secretsKeyEnv], secretsKeyEnv);
  const file = path.join(dataDir, secretsKeyFile);
  return readKeyFile(file) ?? writeKeyFileOnce(file, newKey());
}

/**
 * Finishes or forgets a rotation that stopped half-way: a next key file that the database already
 * uses becomes the key file; one it does not use is left over from a rotation that never committed.
 */
export function settleRotation(db: DatabaseSync, dataDir: string): void {
  const next = path.join(dataDir, nextSecretsKeyFile);
  if (!existsSync(next)) return;
  transaction(db, () => {
    const key = readKeyFile(next);
    if (key === undefined) return;
    if (key.id === currentKeyId(db)) renameSync(next, path.join(dataDir, secretsKeyFile));
    else unlinkSync(next);
    syncDirectory(dataDir);
  });
}

/** Opens the key ring of server.db (keys are read on first use). */
export function openKeyRing(options: KeyRingOptions): KeyRing {
  const { db, dataDir, env, sealWith } = options;
  const sealers = new Map<string, Sealer>();
  const sealerFor = (id: string): Sealer => {
    if (!sealers.has(id)) for (const k of availableKeys(dataDir, env)) sealers.set(k.id, sealWith(k.key));
    const sealer = sealers.get(id);
    if (sealer === undefined) {
      throw new AutodevopsError('ADO_CONFIG_INVALID', `project secrets are sealed with key ${id}, which is neither in ${secretsKeyEnv} nor in ${secretsKeyFile}`, {
        hint: `Start the server with the key the secrets were sealed with (${secretsKeyEnv}, or ${secretsKeyFile} in the data directory); see docs/server.md on key rotation.`,
      });
    }
    return sealer;
  };
  const current = (): string => {
    const id = currentKeyId(db);
    if (id !== undefined) return id;
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING').run(metaKey, primaryKey(dataDir, env).id);
    return currentKeyId(db)!;
  };
  return {
    seal(value) {
      const keyId = current();
      return { sealed: sealerFor(keyId).seal(value), keyId };
    },
    unseal: (sealed, keyId) => String(sealerFor(keyId).unseal(sealed)),
    fromEnv: env[secretsKeyEnv] !== undefined,
  };
}
