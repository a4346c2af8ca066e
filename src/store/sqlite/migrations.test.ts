import { readFileSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { isAutodevopsError } from '../../core/errors.ts';
import { migrate, migrations, schemaVersion, userVersion } from './migrations.ts';

const schemaFile = new URL('./schema.sql', import.meta.url);

/** The schema as SQLite records it: every object's CREATE statement, tables first, then by name. */
function dumpSchema(db: DatabaseSync): string {
  const rows = db.prepare(`SELECT sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL
    ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, name`).all();
  const header = '-- Generated from the migrations by src/store/sqlite/migrations.test.ts; do not edit.\n'
    + '-- Refresh: ADO_UPDATE_SCHEMA=1 npx vitest run src/store/sqlite/migrations.test.ts\n\n';
  return header + rows.map((r) => `${String(r.sql)};\n`).join('\n') + `\nPRAGMA user_version = ${userVersion(db)};\n`;
}

function migrated(): DatabaseSync {
  const db = new DatabaseSync(':memory:');
  migrate(db, ':memory:');
  return db;
}

describe('migrations', () => {
  it('number versions from 1 without gaps, in order', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(schemaVersion).toBe(migrations.length);
  });

  it('yield exactly the committed schema.sql', () => {
    const dump = dumpSchema(migrated());
    if (process.env.ADO_UPDATE_SCHEMA === '1') writeFileSync(schemaFile, dump);
    expect(dump).toBe(readFileSync(schemaFile, 'utf8'));
  });

  it('build the same sqlite_master as loading schema.sql directly', () => {
    const fromSnapshot = new DatabaseSync(':memory:');
    fromSnapshot.exec(readFileSync(schemaFile, 'utf8'));
    const master = (db: DatabaseSync): unknown => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').all();
    expect(master(fromSnapshot)).toEqual(master(migrated()));
    expect(userVersion(fromSnapshot)).toBe(schemaVersion);
  });

  it('do nothing on an up-to-date database', () => {
    const db = migrated();
    const before = dumpSchema(db);
    migrate(db, ':memory:');
    expect(dumpSchema(db)).toBe(before);
  });

  it('refuse a database written by a newer version, changing nothing', () => {
    const db = new DatabaseSync(':memory:');
    db.exec(`PRAGMA user_version = ${schemaVersion + 1}`);
    let caught: unknown;
    try {
      migrate(db, '/data/autodevops.db');
    } catch (error) {
      caught = error;
    }
    expect(isAutodevopsError(caught) && caught.code).toBe('ADO_STORE_NEWER');
    expect((caught as Error).message).toContain('/data/autodevops.db');
    expect(db.prepare('SELECT count(*) AS n FROM sqlite_master').get()?.n).toBe(0);
  });

  it('apply only the migrations a database has not had yet', () => {
    const list = [
      { version: 1, name: 'one', sql: 'CREATE TABLE a (x)' },
      { version: 2, name: 'two', sql: 'CREATE TABLE b (y); INSERT INTO a VALUES (1)' },
    ];
    const db = new DatabaseSync(':memory:');
    migrate(db, ':memory:', list.slice(0, 1));
    migrate(db, ':memory:', list);
    expect(userVersion(db)).toBe(2);
    expect(db.prepare('SELECT x FROM a').all()).toEqual([{ x: 1 }]);
    expect(() => migrate(db, ':memory:', list.slice(0, 1))).toThrow(/schema version 2; this autodevops knows up to 1/);
  });

  it('continue the run numbers of a version-2 database from the runs each workflow file has had', () => {
    const db = new DatabaseSync(':memory:');
    migrate(db, ':memory:', migrations.slice(0, 2));
    const insert = db.prepare(`INSERT INTO runs (id, workflow_name, workflow_file, event, status, created_at, updated_at)
      VALUES (?, 'ci', ?, 'push', 'completed', 1, 1)`);
    for (const [id, file] of [['r1', 'ci.yml'], ['r2', 'ci.yml'], ['r3', 'deploy.yml']] as const) insert.run(id, file);
    migrate(db, ':memory:');
    expect(db.prepare('SELECT workflow_file, last FROM run_numbers ORDER BY workflow_file').all()).toEqual([
      { workflow_file: 'ci.yml', last: 2 }, { workflow_file: 'deploy.yml', last: 1 },
    ]);
  });

  it('move a version-3 database\'s events to the commit-ordered table, histories and append-only rule intact', () => {
    const db = new DatabaseSync(':memory:');
    migrate(db, ':memory:', migrations.slice(0, 3));
    db.exec(`INSERT INTO runs (id, workflow_name, workflow_file, event, status, created_at, updated_at)
      VALUES ('ra', 'ci', 'ci.yml', 'push', 'running', 1, 1), ('rb', 'ci', 'ci.yml', 'push', 'running', 1, 1)`);
    const insert = db.prepare('INSERT INTO events (run_id, seq, at, type, data) VALUES (?, ?, ?, ?, ?)');
    for (const [run, seq, at] of [['ra', 1, 10], ['rb', 1, 11], ['ra', 2, 12], ['rb', 2, 12], ['ra', 3, 13]] as const) insert.run(run, seq, at, 't', `${run}${seq}`);
    const history = (run: string): unknown => db.prepare('SELECT data FROM events WHERE run_id = ? ORDER BY seq').all(run).map((r) => r.data);
    migrate(db, ':memory:');
    expect(history('ra')).toEqual(['ra1', 'ra2', 'ra3']);
    expect(history('rb')).toEqual(['rb1', 'rb2']);
    expect(db.prepare('SELECT run_id, seq FROM events ORDER BY id').all().map((r) => `${String(r.run_id)}${String(r.seq)}`)).toEqual(['ra1', 'rb1', 'ra2', 'rb2', 'ra3']);
    expect(() => db.exec("UPDATE events SET data = 'x'")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM events')).toThrow(/append-only/);
    expect(() => insert.run('ra', 3, 14, 't', 'again')).toThrow(/UNIQUE/);
  });

  it('roll back a migration that fails half-way', () => {
    const db = new DatabaseSync(':memory:');
    db.exec('CREATE TABLE secrets (x)');
    expect(() => migrate(db, ':memory:')).toThrow(/secrets already exists/);
    expect(userVersion(db)).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'secrets' }]);
    expect(db.isTransaction).toBe(false);
  });
});
