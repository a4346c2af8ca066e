import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAutodevopsError } from '../core/errors.ts';
import { keyFileName, openKeyFileSealer, secretKeyEnv } from './sealer.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ado-sealer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (isAutodevopsError(error)) return error.code;
    throw error;
  }
  return undefined;
}

/** Seals 'x' in another process sharing the data directory. */
function sealInChild(dataDir: string): Promise<string> {
  const sealer = fileURLToPath(new URL('./sealer.ts', import.meta.url));
  const script = `const { openKeyFileSealer } = await import(${JSON.stringify(sealer)});
    process.stdout.write(openKeyFileSealer({ dataDir: ${JSON.stringify(dataDir)}, env: {} }).seal('x'));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('exit', () => resolve(out)));
}

describe('openKeyFileSealer', () => {
  const values: unknown[] = ['s3cr3t', '', { TOKEN: 'abc', nested: [1, null, 'ü ✓'] }, 42, null, undefined, true];

  it('unseals exactly what it sealed', () => {
    const sealer = openKeyFileSealer({ dataDir: dir, env: {} });
    for (const value of values) expect(sealer.unseal(sealer.seal(value))).toStrictEqual(value);
  });

  it('seals the same value differently each time, without the plain text', () => {
    const sealer = openKeyFileSealer({ dataDir: dir, env: {} });
    const [a, b] = [sealer.seal('hunter2'), sealer.seal('hunter2')];
    expect(a).not.toBe(b);
    expect(a).not.toContain('hunter2');
    expect(Buffer.from(a.slice(3), 'base64url').toString('latin1')).not.toContain('hunter2');
  });

  it('creates the key file on first use, mode 0600, and reuses it', () => {
    const dataDir = join(dir, 'data');
    const sealer = openKeyFileSealer({ dataDir, env: {} });
    expect(existsSync(join(dataDir, keyFileName))).toBe(false);
    const sealed = sealer.seal('v');
    const file = join(dataDir, keyFileName);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(openKeyFileSealer({ dataDir, env: {} }).unseal(sealed)).toBe('v');
    expect(readdirSync(dataDir)).toEqual([keyFileName]);
  });

  it('gives processes creating the key at once the same key', async () => {
    const sealed = await Promise.all([1, 2, 3, 4].map(() => sealInChild(dir)));
    const sealer = openKeyFileSealer({ dataDir: dir, env: {} });
    expect(sealed.map((s) => sealer.unseal(s))).toEqual(['x', 'x', 'x', 'x']);
    expect(readdirSync(dir)).toEqual([keyFileName]);
  });

  it('uses the key from AUTODEVOPS_SECRET_KEY, creating no file', () => {
    const env = { [secretKeyEnv]: randomBytes(32).toString('base64') };
    const sealed = openKeyFileSealer({ dataDir: dir, env }).seal({ a: 1 });
    expect(openKeyFileSealer({ dataDir: join(dir, 'elsewhere'), env }).unseal(sealed)).toEqual({ a: 1 });
    expect(readdirSync(dir)).toEqual([]);
    expect(codeOf(() => openKeyFileSealer({ dataDir: dir, env: {} }).unseal(sealed))).toBe('ADO_STORE_CORRUPT');
  });

  it('rejects an AUTODEVOPS_SECRET_KEY that is not 32 bytes of base64', () => {
    for (const bad of [randomBytes(16).toString('base64'), 'not base64 at all!', '']) {
      expect(codeOf(() => openKeyFileSealer({ dataDir: dir, env: { [secretKeyEnv]: bad } }).seal('x'))).toBe('ADO_CONFIG_INVALID');
    }
  });

  it('detects any change to a sealed value', () => {
    const sealer = openKeyFileSealer({ dataDir: dir, env: {} });
    const sealed = sealer.seal('secret');
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    for (const at of [0, 13, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[at] = tampered[at]! ^ 1;
      expect(codeOf(() => sealer.unseal(`v1.${tampered.toString('base64url')}`))).toBe('ADO_STORE_CORRUPT');
    }
    for (const bad of ['', 'v1.', 'v2.' + sealed.slice(3), sealed.slice(0, 20)]) {
      expect(codeOf(() => sealer.unseal(bad))).toBe('ADO_STORE_CORRUPT');
    }
  });

  it('says how to fix a damaged key file', () => {
    writeFileSync(join(dir, keyFileName), 'short\n');
    let caught: unknown;
    try {
      openKeyFileSealer({ dataDir: dir, env: {} }).seal('x');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'ADO_STORE_CORRUPT', message: expect.stringContaining(join(dir, keyFileName)) });
    expect(readFileSync(join(dir, keyFileName), 'utf8')).toBe('short\n');
  });

  it('reports a data directory where the key cannot be created or read', () => {
    writeFileSync(join(dir, 'file'), 'x');
    expect(codeOf(() => openKeyFileSealer({ dataDir: join(dir, 'file', 'data'), env: {} }).seal('x'))).toBe('ADO_DATA_DIR_UNUSABLE');
    mkdirSync(join(dir, 'data', keyFileName), { recursive: true });
    expect(codeOf(() => openKeyFileSealer({ dataDir: join(dir, 'data'), env: {} }).seal('x'))).toBe('ADO_DATA_DIR_UNUSABLE');
    symlinkSync(join(dir, 'missing', 'target'), join(dir, 'dangling'));
    expect(() => openKeyFileSealer({ dataDir: join(dir, 'dangling'), env: {} }).seal('x')).toThrow(/cannot be created/);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});
