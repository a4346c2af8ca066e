import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, chainHash, genesisHash, type AuditRecord } from './audit-log.ts';
import { openAuditLogFile } from './audit-file.ts';
import { canonicalJson } from './canonical-json.ts';

let dir: string;
let db: DatabaseSync;
let log: AuditLog;
let clock: number;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ado-audit-'));
  db = new DatabaseSync(path.join(dir, 'server.db'));
  clock = 1_700_000_000_000;
  log = new AuditLog(db, { now: () => clock++ });
});
afterEach(() => {
  if (db.isOpen) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const record = (i: number): AuditRecord => ({ actor: 'token:ops', project: 'acme', action: 'run.dispatch', target: `run-${i}`, outcome: 'ok', details: { status: 202, n: i } });

function fill(n: number): void {
  for (let i = 1; i <= n; i++) log.append(record(i));
}

describe('AuditLog', () => {
  it('chains entries from the genesis hash and verifies an untouched log', () => {
    expect(log.verify()).toEqual({ ok: true, entries: 0, head: genesisHash });
    fill(5);
    const entries = log.list();
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[0]).toMatchObject({ seq: 1, at: 1_700_000_000_000, actor: 'token:ops', project: 'acme', action: 'run.dispatch', target: 'run-1', outcome: 'ok', details: { n: 1, status: 202 } });
    const { hash: _, ...first } = entries[0]!;
    expect(entries[0]!.hash).toBe(chainHash(genesisHash, first));
    expect(entries[1]!.hash).toBe(chainHash(entries[0]!.hash, { ...entries[1]!, hash: undefined } as never));
    expect(log.verify()).toEqual({ ok: true, entries: 5, head: entries[4]!.hash });
    expect(log.head()).toEqual({ seq: 5, hash: entries[4]!.hash });
  });

  it('keeps optional fields absent, filters by project and pages by seq', () => {
    log.append({ actor: 'cli', action: 'token.create', outcome: 'ok', at: 42 });
    fill(3);
    expect(log.list({ limit: 1 })).toEqual([expect.objectContaining({ seq: 1, at: 42, details: {} })]);
    expect(log.list({ limit: 1 })[0]).not.toHaveProperty('project');
    expect(log.list({ limit: 1 })[0]).not.toHaveProperty('target');
    expect(log.list({ project: 'acme' }).map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(log.list({ afterSeq: 2, limit: 1 }).map((e) => e.seq)).toEqual([3]);
    expect(log.list({ project: 'other' })).toEqual([]);
  });

  it('never stores secret values, at any depth', () => {
    log.append({ actor: 'token:ops', action: 'secret.put', target: 'DEPLOY_KEY', outcome: 'ok', details: { value: 'hunter2', nested: { password: 'p', apiToken: 't', list: [{ secret: { deep: 'x' } }] }, tokenId: 'keep' } });
    const text = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
    for (const secret of ['hunter2', '"p"', '"t"', 'deep']) expect(text).not.toContain(secret);
    expect(log.list()[0]!.details).toEqual({ value: '[redacted]', nested: { password: '[redacted]', apiToken: '[redacted]', list: [{ secret: '[redacted]' }] }, tokenId: 'keep' });
    expect(log.verify().ok).toBe(true);
  });

  it('reopens an existing log and continues its chain', () => {
    fill(2);
    const again = new AuditLog(db);
    again.append(record(3));
    expect(again.verify()).toMatchObject({ ok: true, entries: 3 });
  });

  it('commits an entry with the caller\'s transaction, and rolls it back with it', () => {
    db.exec('CREATE TABLE things (name TEXT)');
    db.exec('BEGIN');
    db.prepare('INSERT INTO things VALUES (?)').run('a');
    log.append(record(1));
    db.exec('ROLLBACK');
    expect(log.list()).toEqual([]);
    db.exec('BEGIN');
    log.append(record(1));
    db.exec('COMMIT');
    expect(log.verify()).toMatchObject({ ok: true, entries: 1 });
  });

  it('rolls back a failed append entirely, inside a caller\'s transaction or not', () => {
    fill(1);
    db.exec('CREATE TRIGGER refuse BEFORE UPDATE ON audit_anchor BEGIN SELECT RAISE(ABORT, \'disk full\'); END');
    expect(() => log.append(record(2))).toThrow('disk full');
    db.exec('BEGIN');
    expect(() => log.append(record(2))).toThrow('disk full');
    db.exec('COMMIT');
    db.exec('DROP TRIGGER refuse');
    expect(log.list().map((e) => e.seq)).toEqual([1]);
    expect(log.verify()).toMatchObject({ ok: true, entries: 1 });
  });
});

describe('AuditLog.verify detects tampering done with raw SQL', () => {
  beforeEach(() => fill(6));

  it('an edited field', () => {
    db.exec('UPDATE audit_log SET outcome = \'denied\' WHERE seq = 3');
    expect(log.verify()).toEqual({ ok: false, firstBadSeq: 3, reason: expect.stringContaining('entry 3 does not match its hash') });
  });

  it('edited details, even when the edit keeps them valid JSON', () => {
    db.exec('UPDATE audit_log SET details = \'{"n":4,"status":403}\' WHERE seq = 4');
    expect(log.verify()).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('details that are no longer JSON', () => {
    db.exec('UPDATE audit_log SET details = \'{oops\' WHERE seq = 2');
    expect(log.verify()).toEqual({ ok: false, firstBadSeq: 2, reason: 'entry 2 has details that are not JSON' });
  });

  it('an edited hash (rehashing one entry breaks the next link)', () => {
    const entry = log.list()[2]!;
    const forged = chainHash(log.list()[1]!.hash, { ...entry, outcome: 'denied' });
    db.prepare('UPDATE audit_log SET outcome = \'denied\', hash = ? WHERE seq = 3').run(forged);
    expect(log.verify()).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('a deleted middle entry', () => {
    db.exec('DELETE FROM audit_log WHERE seq = 3');
    expect(log.verify()).toEqual({ ok: false, firstBadSeq: 3, reason: 'entry 3 is missing (the next entry is 4)' });
  });

  it('a deleted middle entry with the later ones renumbered', () => {
    db.exec('DELETE FROM audit_log WHERE seq = 3');
    db.exec('UPDATE audit_log SET seq = -seq WHERE seq > 3');
    db.exec('UPDATE audit_log SET seq = -seq - 1 WHERE seq < 0');
    db.exec('UPDATE audit_anchor SET seq = 5');
    expect(log.verify()).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('the deleted newest entries', () => {
    db.exec('DELETE FROM audit_log WHERE seq > 4');
    expect(log.verify()).toEqual({ ok: false, firstBadSeq: 5, reason: 'entries 5 to 6 were deleted (the anchor records 6 entries)' });
  });

  it('every entry deleted', () => {
    db.exec('DELETE FROM audit_log');
    expect(log.verify()).toMatchObject({ ok: false, firstBadSeq: 1 });
    expect(new AuditLog(db).verify()).toMatchObject({ ok: false, firstBadSeq: 1 });
  });

  it('the newest entries deleted and the anchor moved back to a consistent-looking head', () => {
    db.exec('DELETE FROM audit_log WHERE seq > 4');
    db.exec('UPDATE audit_anchor SET seq = 4');
    expect(log.verify()).toEqual({ ok: false, firstBadSeq: 4, reason: 'entry 4 does not match the anchor\'s hash' });
  });

  it('a deleted anchor, and refuses to append (re-anchoring would hide a deleted tail)', () => {
    db.exec('DELETE FROM audit_anchor');
    expect(log.verify()).toEqual({ ok: false, firstBadSeq: 7, reason: expect.stringContaining('anchor row is missing') });
    expect(() => log.append(record(7))).toThrow(expect.objectContaining({ code: 'ADO_AUDIT_BROKEN' }));
    expect(new AuditLog(db).verify()).toMatchObject({ ok: false });
    expect(log.head()).toEqual({ seq: 0, hash: genesisHash });
  });

  it('an entry appended by hand after the anchor', () => {
    const last = log.list().at(-1)!;
    const forged = { ...last, seq: 7, target: 'forged' };
    db.prepare('INSERT INTO audit_log (seq, at, actor, project, action, target, outcome, details, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(7, forged.at, forged.actor, forged.project!, forged.action, forged.target, forged.outcome, canonicalJson(forged.details), chainHash(last.hash, forged));
    expect(log.verify()).toEqual({ ok: false, firstBadSeq: 7, reason: expect.stringContaining('not covered by the anchor') });
  });

  it('two swapped entries (contents exchanged)', () => {
    db.exec('UPDATE audit_log SET seq = 100 WHERE seq = 2');
    db.exec('UPDATE audit_log SET seq = 2 WHERE seq = 5');
    db.exec('UPDATE audit_log SET seq = 5 WHERE seq = 100');
    expect(log.verify()).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('two adjacent entries swapped field by field, hashes included', () => {
    const cols = 'at, actor, project, action, target, outcome, details, hash';
    db.exec(`CREATE TEMP TABLE t AS SELECT seq, ${cols} FROM audit_log WHERE seq IN (3, 4)`);
    db.exec(`UPDATE audit_log SET (${cols}) = (SELECT ${cols} FROM t WHERE t.seq = 7 - audit_log.seq) WHERE seq IN (3, 4)`);
    expect(log.verify()).toMatchObject({ ok: false, firstBadSeq: 3 });
  });
});

describe('openAuditLogFile', () => {
  it('opens the log of an existing server.db and closes it', () => {
    fill(2);
    db.close();
    const file = openAuditLogFile(path.join(dir, 'server.db'));
    expect(file.verify()).toMatchObject({ ok: true, entries: 2 });
    file.close();
  });

  it('refuses a missing database with a hint about --data-dir', () => {
    expect(() => openAuditLogFile(path.join(dir, 'nope', 'server.db'))).toThrow(expect.objectContaining({ code: 'ADO_DATA_DIR_UNUSABLE', hint: expect.stringContaining('--data-dir') }));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and ignores insertion order', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('uses toJSON, drops undefined and writes a top-level undefined as null', () => {
    expect(canonicalJson({ when: new Date(0), gone: undefined })).toBe('{"when":"1970-01-01T00:00:00.000Z"}');
    expect(canonicalJson(undefined)).toBe('null');
  });
});
