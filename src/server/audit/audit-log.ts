/**
 * The audit log: who did what, to what, with which outcome, append-only and hash-chained. Each
 * entry stores `hash = sha256(previous hash ‖ canonical JSON of the entry)`, the entry including its
 * sequence number, so editing, deleting, renumbering or reordering rows breaks the chain; an anchor
 * row, updated in the same transaction as every append, holds the head so that deleting the newest
 * rows is detected as well. Someone who can rewrite the whole file can rebuild a consistent chain:
 * keep the head printed by `autodevops audit verify` somewhere else to detect that too.
 */
import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { prepared } from '../registry/prepared.ts';
import { AutodevopsError } from '../../core/errors.ts';
import { canonicalJson } from './canonical-json.ts';
import { redactDetails } from './redact.ts';
import schema from './schema.sql';

/** How a recorded call ended: 2xx/3xx ok, 401/403 denied, other 4xx rejected, 5xx error. */
export type AuditOutcome = 'ok' | 'denied' | 'rejected' | 'error';

/** What a caller records. `details` holds names and ids, never secret values (they are redacted). */
export interface AuditRecord {
  /** Milliseconds since the epoch; default now. */
  at?: number;
  /** A token (`token:<name>`), `webhook:<kind>`, `cli`, or `anonymous` for a failed login. */
  actor: string;
  project?: string;
  /** `<resource>.<verb>`, e.g. `run.dispatch`, `secret.put`, `login.failed`. */
  action: string;
  /** The id or name acted on. */
  target?: string;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
}

/** An entry as stored. */
export interface AuditEntry {
  seq: number;
  at: number;
  actor: string;
  project?: string;
  action: string;
  target?: string;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
  hash: string;
}

/** The result of checking the chain; `firstBadSeq` is the first entry that cannot be trusted. */
export type AuditVerification =
  | { ok: true; entries: number; head: string }
  | { ok: false; firstBadSeq: number; reason: string };

/** The hash before the first entry. */
export const genesisHash = '0'.repeat(64);

interface Row { seq: number; at: number; actor: string; project: string | null; action: string; target: string | null; outcome: string; details: string; hash: string }

/** The hash an entry must carry, given the hash of the entry before it. */
export function chainHash(previous: string, entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, actor, project, action, target, outcome, details } = entry;
  const body = canonicalJson({ seq, at, actor, project: project ?? null, action, target: target ?? null, outcome, details });
  return createHash('sha256').update(previous).update(body).digest('hex');
}

function entryOf(row: Row): AuditEntry {
  return {
    seq: row.seq, at: row.at, actor: row.actor, action: row.action, outcome: row.outcome as AuditOutcome,
    details: JSON.parse(row.details) as Record<string, unknown>, hash: row.hash,
    ...(row.project !== null && { project: row.project }), ...(row.target !== null && { target: row.target }),
  };
}

/** The audit log in a node:sqlite database (the server's `server.db`); creates its tables if missing. */
export class AuditLog {
  readonly #db: DatabaseSync;
  readonly #now: () => number;

  constructor(db: DatabaseSync, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    db.exec(schema);
    // Only a new log starts at the genesis anchor: a missing anchor on a non-empty log stays missing.
    db.prepare('INSERT OR IGNORE INTO audit_anchor (id, seq, hash) SELECT 1, 0, ? WHERE NOT EXISTS (SELECT 1 FROM audit_log)').run(genesisHash);
  }

  /**
   * Appends an entry and moves the anchor, atomically. Inside a transaction the caller opened, the
   * entry commits (or rolls back) with the caller's own change.
   */
  append(record: AuditRecord): AuditEntry {
    return this.#atomically(() => {
      const anchor = this.#anchor();
      // Never re-anchor a log whose anchor was removed: that would hide the deletion of its tail.
      if (!anchor) throw new AutodevopsError('ADO_AUDIT_BROKEN', 'the audit log\'s anchor row is missing; nothing more can be appended');
      const fields = this.#fields(record, anchor.seq + 1);
      const entry: AuditEntry = { ...fields, hash: chainHash(anchor.hash, fields) };
      prepared(this.#db, 'INSERT INTO audit_log (seq, at, actor, project, action, target, outcome, details, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(entry.seq, entry.at, entry.actor, entry.project ?? null, entry.action, entry.target ?? null, entry.outcome, canonicalJson(entry.details), entry.hash);
      prepared(this.#db, 'INSERT INTO audit_anchor (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(entry.seq, entry.hash);
      return entry;
    });
  }

  /** Entries in order, optionally of one project, after a sequence number, at most `limit`. */
  list(query: { project?: string; afterSeq?: number; limit?: number } = {}): AuditEntry[] {
    const rows = prepared(this.#db, 'SELECT * FROM audit_log WHERE seq > ? AND (? IS NULL OR project = ?) ORDER BY seq LIMIT ?')
      .all(query.afterSeq ?? 0, query.project ?? null, query.project ?? null, query.limit ?? -1) as unknown as Row[];
    return rows.map(entryOf);
  }

  /** The newest entry's sequence number and hash, as the anchor holds them. */
  head(): { seq: number; hash: string } {
    return this.#anchor() ?? { seq: 0, hash: genesisHash };
  }

  /** Recomputes the whole chain and compares its head with the anchor. */
  verify(): AuditVerification {
    let previous = genesisHash;
    let expected = 1;
    for (const row of this.#db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<Row>) {
      const broken = brokenLink(row, expected, previous);
      if (broken) return broken;
      previous = row.hash;
      expected += 1;
    }
    return checkAnchor(this.#anchor(), expected - 1, previous);
  }

  #fields(record: AuditRecord, seq: number): Omit<AuditEntry, 'hash'> {
    const details = (redactDetails(record.details ?? {}) ?? {}) as Record<string, unknown>;
    return {
      seq, at: record.at ?? this.#now(), actor: record.actor, action: record.action, outcome: record.outcome,
      details: JSON.parse(canonicalJson(details)) as Record<string, unknown>,
      ...(record.project !== undefined && { project: record.project }), ...(record.target !== undefined && { target: record.target }),
    };
  }

  #anchor(): { seq: number; hash: string } | undefined {
    const row = prepared(this.#db, 'SELECT seq, hash FROM audit_anchor WHERE id = 1').get() as { seq: number; hash: string } | undefined;
    return row && { seq: row.seq, hash: row.hash };
  }

  #atomically<T>(work: () => T): T {
    const nested = this.#db.isTransaction;
    this.#db.exec(nested ? 'SAVEPOINT audit_append' : 'BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#db.exec(nested ? 'RELEASE audit_append' : 'COMMIT');
      return result;
    } catch (e) {
      this.#db.exec(nested ? 'ROLLBACK TO audit_append; RELEASE audit_append' : 'ROLLBACK');
      throw e;
    }
  }
}

/** Why a row breaks the chain, or undefined when it continues it. */
function brokenLink(row: Row, expected: number, previous: string): AuditVerification | undefined {
  if (row.seq !== expected) return { ok: false, firstBadSeq: expected, reason: `entry ${expected} is missing (the next entry is ${row.seq})` };
  let entry: AuditEntry;
  try {
    entry = entryOf(row);
  } catch {
    return { ok: false, firstBadSeq: row.seq, reason: `entry ${row.seq} has details that are not JSON` };
  }
  if (chainHash(previous, entry) === row.hash) return undefined;
  return { ok: false, firstBadSeq: row.seq, reason: `entry ${row.seq} does not match its hash: it was edited, moved, or an entry before it was removed` };
}

/** Compares the recomputed head with the anchor row. */
function checkAnchor(anchor: { seq: number; hash: string } | undefined, last: number, head: string): AuditVerification {
  if (anchor === undefined) return { ok: false, firstBadSeq: last + 1, reason: 'the anchor row is missing: the log\'s head cannot be checked' };
  if (anchor.seq > last) return { ok: false, firstBadSeq: last + 1, reason: `entries ${last + 1} to ${anchor.seq} were deleted (the anchor records ${anchor.seq} entries)` };
  if (anchor.seq < last) return { ok: false, firstBadSeq: anchor.seq + 1, reason: `entries after ${anchor.seq} are not covered by the anchor: they were added outside the audit log` };
  if (anchor.hash !== head) return { ok: false, firstBadSeq: last, reason: `entry ${last} does not match the anchor's hash` };
  return { ok: true, entries: last, head };
}
