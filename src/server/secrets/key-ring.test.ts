import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sealWith } from '../../../test/server/harness.ts';
import { secretsOf } from '../registry/secrets.ts';
import { openServerDb } from '../registry/server-db.ts';
import { webhookSecretsOf } from '../registry/webhook-secrets.ts';
import { keyOf, writeKeyFileOnce } from './key-files.ts';
import { currentKeyId, openKeyRing, setCurrentKeyId, settleRotation } from './key-ring.ts';
import { rotateSecretsKey } from './rotate-key.ts';

let dir: string;
let db: DatabaseSync;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ado-keys-'));
  db = openServerDb(dir);
  db.exec("INSERT INTO projects VALUES ('web', 1)");
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const b64 = (): string => randomBytes(32).toString('base64');
const store = (env: Record<string, string | undefined> = {}) => {
  const ring = openKeyRing({ db, dataDir: dir, env, sealWith });
  return { ring, secrets: secretsOf(db, ring, () => 1), webhooks: webhookSecretsOf(db, ring, () => 1) };
};
const keyIds = (): string[] => (db.prepare('SELECT key_id FROM secrets UNION ALL SELECT key_id FROM webhook_secrets').all() as Array<{ key_id: string }>).map((r) => r.key_id);
const keyFile = (name = 'secrets.key'): string => path.join(dir, name);

describe('the key ring', () => {
  it('creates secrets.key (mode 0600) on first use and seals with it', () => {
    const { secrets } = store();
    expect(existsSync(keyFile())).toBe(false);
    secrets.put('web', 'A', 'alpha');
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(secrets.values('web')).toEqual({ A: 'alpha' });
    expect(keyIds()).toEqual([currentKeyId(db)]);
  });

  it('takes the key from AUTODEVOPS_SECRETS_KEY, and names the key it misses', () => {
    const key = b64();
    const { secrets, ring } = store({ AUTODEVOPS_SECRETS_KEY: key });
    secrets.put('web', 'A', 'alpha');
    expect([existsSync(keyFile()), ring.fromEnv]).toEqual([false, true]);
    expect(() => store({ AUTODEVOPS_SECRETS_KEY: b64() }).secrets.values('web')).toThrow(expect.objectContaining({ code: 'ADO_CONFIG_INVALID', message: expect.stringContaining(keyOf(Buffer.from(key, 'base64')).id) }));
    expect(() => store({ AUTODEVOPS_SECRETS_KEY: 'short' }).secrets.put('web', 'B', 'b')).toThrow(expect.objectContaining({ code: 'ADO_CONFIG_INVALID' }));
  });

  it('keeps the first key when two processes create the key file, and reports one it cannot read', () => {
    const first = writeKeyFileOnce(keyFile(), keyOf(randomBytes(32)));
    expect(writeKeyFileOnce(keyFile(), keyOf(randomBytes(32)))).toEqual(first);
    mkdirSync(keyFile('secrets.key.next'));
    expect(() => settleRotation(db, dir)).toThrow(expect.objectContaining({ code: 'ADO_DATA_DIR_UNUSABLE' }));
  });

  it('refuses a key file that does not hold a key', () => {
    writeFileSync(keyFile(), 'not a key');
    expect(() => store().secrets.put('web', 'A', 'a')).toThrow(expect.objectContaining({ code: 'ADO_CONFIG_INVALID' }));
  });
});

describe('rotating the key', () => {
  it('seals every secret and webhook secret again in one go; a running server keeps reading and writing', () => {
    const server = store();
    server.secrets.put('web', 'A', 'alpha');
    server.secrets.put('web', 'B', 'beta');
    const hook = server.webhooks.generate('web', 'github').secret;
    const oldKey = readFileSync(keyFile(), 'utf8');
    const oldSealed = JSON.stringify(db.prepare('SELECT sealed FROM secrets').all());
    const result = rotateSecretsKey({ db, dataDir: dir, env: {}, sealWith });
    expect(result).toEqual({ keyId: currentKeyId(db), resealed: 3, keySource: 'file' });
    expect(readFileSync(keyFile(), 'utf8')).not.toBe(oldKey);
    expect(existsSync(keyFile('secrets.key.next'))).toBe(false);
    expect(JSON.stringify(db.prepare('SELECT sealed FROM secrets').all())).not.toBe(oldSealed);
    expect(new Set(keyIds())).toEqual(new Set([result.keyId]));
    expect(server.secrets.values('web')).toEqual({ A: 'alpha', B: 'beta' });
    expect(server.webhooks.secret('web', 'github')).toBe(hook);
    server.secrets.put('web', 'C', 'gamma');
    expect(keyIds()).toContain(result.keyId);
    expect(store().secrets.values('web')).toEqual({ A: 'alpha', B: 'beta', C: 'gamma' });
  });

  it('with the key in the environment, takes the new key from AUTODEVOPS_SECRETS_NEW_KEY', () => {
    const oldKey = b64();
    const newKey = b64();
    store({ AUTODEVOPS_SECRETS_KEY: oldKey }).secrets.put('web', 'A', 'alpha');
    expect(() => rotateSecretsKey({ db, dataDir: dir, env: { AUTODEVOPS_SECRETS_KEY: oldKey }, sealWith })).toThrow(expect.objectContaining({ code: 'ADO_CONFIG_INVALID' }));
    const result = rotateSecretsKey({ db, dataDir: dir, env: { AUTODEVOPS_SECRETS_KEY: oldKey, AUTODEVOPS_SECRETS_NEW_KEY: newKey }, sealWith });
    expect(result).toMatchObject({ keySource: 'env', resealed: 1 });
    expect(store({ AUTODEVOPS_SECRETS_KEY: newKey }).secrets.values('web')).toEqual({ A: 'alpha' });
    expect(() => store({ AUTODEVOPS_SECRETS_KEY: oldKey }).secrets.values('web')).toThrow(expect.objectContaining({ code: 'ADO_CONFIG_INVALID' }));
  });

  it('changes nothing when a value cannot be opened, and leaves no next key behind', () => {
    const { secrets } = store();
    secrets.put('web', 'A', 'alpha');
    db.prepare("UPDATE secrets SET key_id = 'unknownkey000000'").run();
    const before = JSON.stringify(db.prepare('SELECT * FROM secrets').all());
    const key = readFileSync(keyFile(), 'utf8');
    expect(() => rotateSecretsKey({ db, dataDir: dir, env: {}, sealWith })).toThrow(expect.objectContaining({ code: 'ADO_CONFIG_INVALID' }));
    expect([JSON.stringify(db.prepare('SELECT * FROM secrets').all()), readFileSync(keyFile(), 'utf8'), existsSync(keyFile('secrets.key.next'))]).toEqual([before, key, false]);
  });

  it('settles a rotation that stopped between commit and rename, or before the commit', () => {
    const { secrets } = store();
    secrets.put('web', 'A', 'alpha');
    const next = writeKeyFileOnce(keyFile('secrets.key.next'), keyOf(randomBytes(32)));
    settleRotation(db, dir);
    expect(existsSync(keyFile('secrets.key.next'))).toBe(false);
    expect(store().secrets.values('web')).toEqual({ A: 'alpha' });
    writeKeyFileOnce(keyFile('secrets.key.next'), next);
    setCurrentKeyId(db, next.id);
    settleRotation(db, dir);
    expect(readFileSync(keyFile(), 'utf8').trim()).toBe(next.key.toString('base64'));
    settleRotation(db, dir);
  });
});
