import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations, transaction } from './migrate.ts';
import { registryMigrations } from './migrations.ts';
import { runOwnersOf } from './run-owners.ts';
import { openServerDb, serverDbFileName } from './server-db.ts';
import { hashToken, tokensOf } from './tokens.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ado-serverdb-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('server.db', () => {
  it('is created in WAL mode with the registry tables, and opens again unchanged', () => {
    const db = openServerDb(dir);
    expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    expect(db.prepare("SELECT version FROM schema_versions WHERE name = 'registry'").get()).toEqual({ version: registryMigrations.length });
    db.close();
    openServerDb(dir).close();
  });

  it('counts the runs each workflow already had when a version-1 registry is migrated', () => {
    const file = path.join(dir, serverDbFileName);
    const old = new DatabaseSync(file);
    applyMigrations(old, 'registry', registryMigrations.slice(0, 1));
    old.exec("INSERT INTO projects VALUES ('web', 1)");
    const own = old.prepare("INSERT INTO runs VALUES (?, 'web', ?, 'v1', 1)");
    for (const [run, workflow] of [['01a', 'ci'], ['01b', 'ci'], ['01c', 'cd']] as const) own.run(run, workflow);
    old.close();
    const db = openServerDb(dir);
    const owners = runOwnersOf(db);
    expect([owners.count('web', 'ci'), owners.count('web', 'cd'), owners.count('web', 'other')]).toEqual([2, 1, 0]);
    owners.own({ runId: '01d', project: 'web', workflowId: 'ci', version: 'v1', createdAt: 2 });
    expect(owners.count('web', 'ci')).toBe(3);
    db.close();
  });

  it('keeps one version per migration set, and refuses a set newer than the code', () => {
    const db = openServerDb(dir);
    const set = [{ version: 1, name: 'a', sql: 'CREATE TABLE extra_a (x)' }, { version: 2, name: 'b', sql: 'CREATE TABLE extra_b (x)' }];
    applyMigrations(db, 'extra', set.slice(0, 1));
    applyMigrations(db, 'extra', set);
    applyMigrations(db, 'extra', set);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'extra_%'").get()).toEqual({ n: 2 });
    expect(() => applyMigrations(db, 'extra', set.slice(0, 1))).toThrow(expect.objectContaining({ code: 'ADO_STORE_NEWER' }));
    expect(() => applyMigrations(db, 'broken', [{ version: 1, name: 'x', sql: 'CREATE TABLE broken_a (x); NOT SQL' }])).toThrow();
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'broken_a'").get()).toEqual({ n: 0 });
    expect(() => transaction(db, () => {
      db.exec("INSERT INTO projects VALUES ('p', 1)");
      throw new Error('undo');
    })).toThrow('undo');
    expect(db.prepare('SELECT count(*) AS n FROM projects').get()).toEqual({ n: 0 });
    db.close();
  });

  it('reports a data directory it cannot create', async () => {
    await writeFile(path.join(dir, 'file'), '');
    expect(() => openServerDb(path.join(dir, 'file', 'sub'))).toThrow(expect.objectContaining({ code: 'ADO_DATA_DIR_UNUSABLE' }));
  });

  it('moves the tokens of a former tokens.db into project default, once', () => {
    const legacy = new DatabaseSync(path.join(dir, 'tokens.db'));
    legacy.exec('CREATE TABLE api_tokens (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, expires_at INTEGER, revoked_at INTEGER)');
    legacy.prepare('INSERT INTO api_tokens VALUES (?, ?, ?, ?, ?, ?, ?)').run('t1', 'ci', 'operator', hashToken('ado_old'), 5, null, null);
    legacy.prepare('INSERT INTO api_tokens VALUES (?, ?, ?, ?, ?, ?, ?)').run('t2', 'gone', 'admin', hashToken('ado_gone'), 6, 9, 7);
    legacy.close();
    const db = openServerDb(dir, () => 100);
    const tokens = tokensOf(db, () => 100);
    expect(tokens.check('ado_old')).toEqual({ ok: true, token: { id: 't1', name: 'ci', project: 'default', role: 'operator', createdAt: 5 } });
    expect(tokens.check('ado_gone')).toEqual({ ok: false, reason: 'revoked' });
    expect(db.prepare('SELECT * FROM projects').all()).toEqual([{ name: 'default', created_at: 100 }]);
    db.close();
    expect([existsSync(path.join(dir, 'tokens.db')), existsSync(path.join(dir, 'tokens.db.imported'))]).toEqual([false, true]);
    openServerDb(dir).close();
  });

  it('imports an empty tokens.db without creating a project', () => {
    new DatabaseSync(path.join(dir, 'tokens.db')).close();
    const db = openServerDb(dir);
    expect(db.prepare('SELECT count(*) AS n FROM projects').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('tokens', () => {
  it('keep only the hash, check expiry and revocation, and revoke by unique prefix within a project', () => {
    let now = 1_000;
    const db = openServerDb(dir);
    const tokens = tokensOf(db, () => now);
    const { secret, token } = tokens.create({ name: 'ci', project: 'web', role: 'viewer', expiresAt: 2_000 });
    expect(secret).toMatch(/^ado_[\w-]{43}$/);
    expect(JSON.stringify(db.prepare('SELECT * FROM tokens').all())).not.toContain(secret);
    expect(tokens.check(secret)).toEqual({ ok: true, token });
    expect(tokens.check('ado_nope')).toEqual({ ok: false, reason: 'unknown' });
    now = 2_000;
    expect(tokens.check(secret)).toEqual({ ok: false, reason: 'expired' });
    const other = tokens.create({ name: 'b', project: 'api', role: 'admin' });
    expect(() => tokens.revoke(other.token.id, 'web')).toThrow(expect.objectContaining({ code: 'ADO_TOKEN_NOT_FOUND' }));
    expect(() => tokens.revoke('')).toThrow(expect.objectContaining({ code: 'ADO_TOKEN_NOT_FOUND' }));
    expect(() => tokens.revoke('%')).toThrow(expect.objectContaining({ code: 'ADO_TOKEN_NOT_FOUND' }));
    expect(tokens.revoke(other.token.id.slice(0, 8), 'api')).toMatchObject({ id: other.token.id, revokedAt: 2_000 });
    expect(tokens.check(other.secret)).toEqual({ ok: false, reason: 'revoked' });
    expect(tokens.list().map((t) => t.name)).toEqual(['ci', 'b']);
    expect(tokens.list('api').map((t) => t.name)).toEqual(['b']);
    db.close();
  });
});
