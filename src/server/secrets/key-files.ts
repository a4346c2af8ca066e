/**
 * The project-secrets key: 32 random bytes, base64, from `AUTODEVOPS_SECRETS_KEY` or the file
 * `<data-dir>/secrets.key` (mode 0600, created on first use). A key file is written under a
 * temporary name and linked into place, so a reader never sees half a key and two processes
 * creating one at once end up with the same key.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AutodevopsError } from '../../core/errors.ts';

/** The variable holding the key (base64 of 32 bytes); it wins over the key file. */
export const secretsKeyEnv = 'AUTODEVOPS_SECRETS_KEY';
/** During `secrets rotate-key` with the key in the environment: the new key. */
export const newSecretsKeyEnv = 'AUTODEVOPS_SECRETS_NEW_KEY';
/** The key file inside the data directory. */
export const secretsKeyFile = 'secrets.key';
/** The next key while a rotation is in progress. */
export const nextSecretsKeyFile = 'secrets.key.next';

/** A key and its id (the first 16 hex digits of its SHA-256), which rows record to name their key. */
export interface SecretsKey {
  id: string;
  key: Buffer;
}

const hint = `Set ${secretsKeyEnv} to 32 random bytes in base64 (\`openssl rand -base64 32\`), or restore ${secretsKeyFile} in the data directory.`;

/** The key with its id. */
export function keyOf(key: Buffer): SecretsKey {
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 16), key };
}

/** Decodes base64 text into a 32-byte key; `source` names it in the error. */
export function decodeKey(text: string, source: string): SecretsKey {
  const trimmed = text.trim();
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) throw new AutodevopsError('ADO_CONFIG_INVALID', `${source} does not hold 32 bytes in base64`, { hint });
  return keyOf(key);
}

/** A key file's key, or undefined when the file does not exist. */
export function readKeyFile(file: string): SecretsKey | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AutodevopsError('ADO_DATA_DIR_UNUSABLE', `${file} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  return decodeKey(text, file);
}

/** A new random key. */
export function newKey(): SecretsKey {
  return keyOf(randomBytes(32));
}

/** Writes `key` to `file` (mode 0600) unless the file exists; returns the key the file holds. */
export function writeKeyFileOnce(file: string, key: SecretsKey): SecretsKey {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeFileSync(fd, `${key.key.toString('base64')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkOnce(temp, file);
  } finally {
    unlinkSync(temp);
  }
  syncDirectory(path.dirname(file));
  return readKeyFile(file)!;
}

function linkOnce(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Makes a rename or link in `dir` durable. */
export function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
