/**
 * The durable state of every `on.schedule` cron: when it last fired, when it is next due, and the
 * run it started. A fire is claimed by one conditional UPDATE (`… WHERE next_due_at = <the due time
 * read>`), committed before the run is dispatched: two schedulers, or one restarted after a crash,
 * can never both fire the same occurrence. The table lives in whichever node:sqlite database the
 * registry hosts.
 */
import type { DatabaseSync } from 'node:sqlite';

/** The table, for the host database's migrations. */
export const scheduleStoreSchema = `CREATE TABLE IF NOT EXISTS schedules (
  project TEXT NOT NULL,
  workflow_id TEXT NOT NULL,
  cron TEXT NOT NULL,
  last_fired_at INTEGER,
  next_due_at INTEGER NOT NULL,
  last_run_id TEXT,
  last_status TEXT,
  last_error TEXT,
  skipped_total INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (project, workflow_id, cron)
) WITHOUT ROWID`;

/** Which cron of which workflow. */
export interface ScheduleKey {
  project: string;
  workflowId: string;
  cron: string;
}

/**
 * The state of the last fire: `dispatching` between the claim and the dispatch's answer (found at
 * start-up, it means the process died there), then `dispatched`, `failed` or `unconfirmed`.
 */
export type FireStatus = 'dispatching' | 'dispatched' | 'failed' | 'unconfirmed';

/** One schedule's durable state. Times are ms since the epoch. */
export interface ScheduleRow extends ScheduleKey {
  lastFiredAt?: number;
  nextDueAt: number;
  lastRunId?: string;
  lastStatus?: FireStatus;
  lastError?: string;
  /** Occurrences skipped so far by the catch-up policy. */
  skippedTotal: number;
}

/** A claim of the due occurrence `dueAt`: fire `firedAt` (or nothing), skip `skipped` older ones, next due `nextDueAt`. */
export interface Claim {
  dueAt: number;
  firedAt?: number;
  skipped: number;
  nextDueAt: number;
}

/** The schedule table. */
export interface ScheduleStore {
  /** All schedules, or one project's, ordered by workflow and cron. */
  list(project?: string): ScheduleRow[];
  /** Makes the stored set exactly `wanted`: new ones are due at `firstDue(cron)`; existing ones keep their state. */
  reconcile(wanted: ScheduleKey[], firstDue: (cron: string) => number): void;
  /** Atomically moves a schedule past `claim.dueAt`; false when it is no longer due then (someone else claimed it). */
  claim(key: ScheduleKey, claim: Claim): boolean;
  /** Records the outcome of the fire at `firedAt`. */
  settle(key: ScheduleKey, firedAt: number, outcome: { runId: string } | { error: string }): void;
  /** Marks fires left `dispatching` by a process that died as `unconfirmed`, and returns them. */
  takeUnconfirmed(): ScheduleRow[];
}

interface Row {
  project: string; workflow_id: string; cron: string; last_fired_at: number | null; next_due_at: number;
  last_run_id: string | null; last_status: string | null; last_error: string | null; skipped_total: number;
}

function toRow(r: Row): ScheduleRow {
  return {
    project: r.project, workflowId: r.workflow_id, cron: r.cron, nextDueAt: r.next_due_at, skippedTotal: r.skipped_total,
    ...(r.last_fired_at !== null && { lastFiredAt: r.last_fired_at }), ...(r.last_run_id !== null && { lastRunId: r.last_run_id }),
    ...(r.last_status !== null && { lastStatus: r.last_status as FireStatus }), ...(r.last_error !== null && { lastError: r.last_error }),
  };
}

const keyOf = (k: ScheduleKey): string => JSON.stringify([k.project, k.workflowId, k.cron]);

/** The schedule store in `db` (the table is created if missing). */
export function scheduleStore(db: DatabaseSync): ScheduleStore {
  db.exec(scheduleStoreSchema);
  const where = 'project = ? AND workflow_id = ? AND cron = ?';
  const all = db.prepare('SELECT * FROM schedules ORDER BY project, workflow_id, cron');
  const ofProject = db.prepare('SELECT * FROM schedules WHERE project = ? ORDER BY workflow_id, cron');
  const insert = db.prepare('INSERT OR IGNORE INTO schedules (project, workflow_id, cron, next_due_at) VALUES (?, ?, ?, ?)');
  const remove = db.prepare(`DELETE FROM schedules WHERE ${where}`);
  const claim = db.prepare(`UPDATE schedules SET next_due_at = ?, skipped_total = skipped_total + ?, last_fired_at = coalesce(?, last_fired_at),
    last_status = CASE WHEN ? IS NULL THEN last_status ELSE 'dispatching' END, last_run_id = CASE WHEN ? IS NULL THEN last_run_id END,
    last_error = CASE WHEN ? IS NULL THEN last_error END WHERE ${where} AND next_due_at = ?`);
  const settled = db.prepare(`UPDATE schedules SET last_status = ?, last_run_id = ?, last_error = ? WHERE ${where} AND last_fired_at = ?`);
  const dangling = db.prepare("UPDATE schedules SET last_status = 'unconfirmed' WHERE last_status = 'dispatching' RETURNING *");
  return {
    list: (project) => ((project === undefined ? all.all() : ofProject.all(project)) as unknown as Row[]).map(toRow),
    reconcile(wanted, firstDue) {
      const keep = new Set(wanted.map(keyOf));
      db.exec('BEGIN IMMEDIATE');
      try {
        for (const row of all.all() as unknown as Row[]) {
          if (!keep.has(keyOf(toRow(row)))) remove.run(row.project, row.workflow_id, row.cron);
        }
        for (const k of wanted) insert.run(k.project, k.workflowId, k.cron, firstDue(k.cron));
        db.exec('COMMIT');
      } catch (e) {
        db.exec('ROLLBACK');
        throw e;
      }
    },
    claim(k, c) {
      const fired = c.firedAt ?? null;
      return claim.run(c.nextDueAt, c.skipped, fired, fired, fired, fired, k.project, k.workflowId, k.cron, c.dueAt).changes === 1;
    },
    settle(k, firedAt, outcome) {
      const ok = 'runId' in outcome;
      settled.run(ok ? 'dispatched' : 'failed', ok ? outcome.runId : null, ok ? null : outcome.error, k.project, k.workflowId, k.cron, firedAt);
    },
    takeUnconfirmed: () => (dangling.all() as unknown as Row[]).map(toRow),
  };
}
