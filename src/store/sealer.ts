/**
 * The Sealer on AES-256-GCM: a random 96-bit IV per value, and the GCM tag, so any change to a
 * sealed value is detected. The key comes from `AUTODEVOPS_SECRET_KEY` (base64, 32 bytes) or from
 * `<dataDir>/secret.key`, created with mode 0600 the first time a value is sealed or unsealed.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AutodevopsError } from '../core/errors.ts';
import type { Sealer } from '../engine/ports/sealer.ts';

/** The environment variable that holds the key, base64. */
export const secretKeyEnv = 'AUTODEVOPS_SECRET_KEY';

/** The key file's name inside the data directory. */
export const keyFileName = 'secret.key';

/** Where the key comes from. */
export interface KeyFileSealerOptions {
  dataDir: string;
  /** The environment (`process.env`); its `AUTODEVOPS_SECRET_KEY`, when set, wins over the key file. */
  env: Record<string, string | undefined>;
}

const version = 'v1.';
const ivLength = 12;
const tagLength = 16;
const keyHint = `Set ${secretKeyEnv} to 32 random bytes in base64, e.g. the output of \`openssl rand -base64 32\`.`;

/** A Sealer whose key is loaded (or created) on first use. */
export function openKeyFileSealer(options: KeyFileSealerOptions): Sealer {
  const envKey = options.env[secretKeyEnv];
  const keyFile = join(resolve(options.dataDir), keyFileName);
  const source = envKey === undefined ? keyFile : secretKeyEnv;
  let key: Buffer | undefined;
  const getKey = (): Buffer => (key ??= envKey === undefined ? loadOrCreateKeyFile(keyFile) : parseEnvKey(envKey));
  return {
    seal: (value) => seal(getKey(), value),
    unseal: (sealed) => unseal(getKey(), sealed, source),
  };
}

function seal(key: Buffer, value: unknown): string {
  const iv = randomBytes(ivLength);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  // Wrapped so that `undefined` survives the round trip like any other value.
  const body = Buffer.concat([cipher.update(JSON.stringify({ v: value }), 'utf8'), cipher.final()]);
  return version + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function unseal(key: Buffer, sealed: string, source: string): unknown {
  const bytes = sealed.startsWith(version) ? Buffer.from(sealed.slice(version.length), 'base64url') : Buffer.alloc(0);
  try {
    if (bytes.length < ivLength + tagLength) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, ivLength));
    decipher.setAuthTag(bytes.subarray(ivLength, ivLength + tagLength));
    const text = Buffer.concat([decipher.update(bytes.subarray(ivLength + tagLength)), decipher.final()]).toString('utf8');
    return (JSON.parse(text) as { v: unknown }).v;
  } catch (error) {
    throw new AutodevopsError('ADO_STORE_CORRUPT', `A sealed value cannot be opened: it was altered, or sealed with another key than the one in ${source}.`, {
      cause: error,
      hint: `Use the key the value was sealed with (${secretKeyEnv} or ${keyFileName} in the data directory); without it, the run's secrets cannot be read.`,
    });
  }
}

function parseEnvKey(text: string): Buffer {
  const key = decodeKey(text);
  if (key === undefined) throw new AutodevopsError('ADO_CONFIG_INVALID', `${secretKeyEnv} is not 32 bytes in base64.`, { hint: keyHint });
  return key;
}

function decodeKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === 32 ? key : undefined;
}

function loadOrCreateKeyFile(file: string): Buffer {
  const existing = readKeyFile(file);
  if (existing !== undefined) return existing;
  createKeyFile(file);
  return readKeyFile(file)!;
}

function readKeyFile(file: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AutodevopsError('ADO_DATA_DIR_UNUSABLE', `The secret key file ${file} cannot be read: ${(error as Error).message}.`, { cause: error });
  }
  const key = decodeKey(text);
  if (key === undefined) {
    throw new AutodevopsError('ADO_STORE_CORRUPT', `The secret key file ${file} does not hold 32 bytes in base64.`, {
      hint: `Restore ${keyFileName} from a backup; without it, sealed secrets of existing runs cannot be read. ${keyHint}`,
    });
  }
  return key;
}

/**
 * Writes a new key durably under a temporary name, then links it into place: link fails when
 * another process got there first, so every process ends up with the same, complete key.
 */
function createKeyFile(file: string): void {
  const dir = resolve(file, '..');
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeDurably(temp, `${randomBytes(32).toString('base64')}\n`);
    linkOnce(temp, file);
    syncDirectory(dir);
  } catch (error) {
    throw new AutodevopsError('ADO_DATA_DIR_UNUSABLE', `The secret key file ${file} cannot be created: ${(error as Error).message}.`, { cause: error });
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // The temporary file was never written; nothing to remove.
    }
  }
}

function writeDurably(file: string, text: string): void {
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function linkOnce(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
