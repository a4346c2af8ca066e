/**
 * The embedded Store backend on Node's built-in `node:sqlite`. Every method runs synchronously to
 * completion (DatabaseSync), so no transaction ever spans an `await` and several stores, in this
 * process or others, can share one file; writers queue on SQLite's lock (busy timeout).
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { AutodevopsError } from '../../core/errors.ts';
import type { HistoryEvent, LogChunk } from '../../core/events.ts';
import type { AppendEntry, LogQuery, Owner, RunCommand, RunQuery, RunSummary, SlotHolder, Store } from '../../engine/ports/store.ts';
import { openDatabase, type OpenDatabaseOptions } from './open-database.ts';
import * as q from './queries.ts';
import { runParams, toLogChunk, toRunCommand, toRunSummary } from './rows.ts';
import { RunLister } from './run-lister.ts';
import { errcode, extendedCode } from './sqlite-errors.ts';
import { SummaryUpdate } from './summary-update.ts';

/** Options of `openSqliteStore`. */
export type SqliteStoreOptions = OpenDatabaseOptions;

/** Reads beyond the Store port, for list views of the composition root (one query instead of one per run). */
export interface RunsById {
  /** The runs with these ids, in that order; unknown ids are left out. */
  getRuns(ids: string[]): Promise<RunSummary[]>;
}

/** Opens (creating and migrating when needed) the store in `<dataDir>/autodevops.db`. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store & RunsById> {
  return new SqliteStore(openDatabase(options));
}

/** The Store on one connection, with every statement prepared once. */
class SqliteStore implements Store, RunsById {
  readonly #db: DatabaseSync;
  readonly #s: { [K in keyof typeof statements]: StatementSync };
  readonly #lister: RunLister;
  readonly #summaries: SummaryUpdate;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#s = prepareAll(db);
    this.#lister = new RunLister(db);
    this.#summaries = new SummaryUpdate(db);
  }

  async createRun(summary: RunSummary, events: HistoryEvent[], sealedSecrets?: string): Promise<void> {
    this.#transaction(() => this.#insertRun(summary, events, sealedSecrets));
  }

  #insertRun(summary: RunSummary, events: HistoryEvent[], sealedSecrets?: string): void {
    checkConsecutive(summary.id, events, 1);
    try {
      this.#s.insertRun.run(runParams(summary, events.at(-1)?.seq ?? 0));
    } catch (error) {
      if (errcode(error) === extendedCode.primaryKey) throw conflict(`A run with id ${summary.id} already exists.`, error);
      throw error;
    }
    this.#insertEvents(summary.id, events);
    if (sealedSecrets !== undefined) this.#s.upsertSecrets.run({ runId: summary.id, sealed: sealedSecrets });
  }

  async acquireSlot(group: string, holder: SlotHolder, at: number): Promise<SlotHolder | undefined> {
    return this.#transaction(() => {
      this.#s.insertSlot.run({ grp: group, runId: holder.runId, jobKey: holder.jobKey, at });
      const row = this.#s.selectSlot.get({ grp: group }) as { run_id: string; job_key: string };
      return row.run_id === holder.runId && row.job_key === holder.jobKey ? undefined : { runId: row.run_id, jobKey: row.job_key };
    });
  }

  async freeSlot(group: string, holder: SlotHolder): Promise<void> {
    this.#transaction(() => this.#s.deleteSlot.run({ grp: group, runId: holder.runId, jobKey: holder.jobKey }));
  }

  async nextRunNumber(workflowFile: string): Promise<number> {
    return this.#transaction(() => Number(this.#s.takeRunNumber.get({ workflowFile })!.last));
  }

  async append(entries: AppendEntry[], logs: LogChunk[] = []): Promise<void> {
    this.#transaction(() => {
      // Every entry's seq check first, then all their events in a few multi-row statements.
      const rows: Array<[string, HistoryEvent]> = [];
      for (const entry of entries) this.#appendEntry(entry, rows);
      this.#insertEventRows(rows);
      const insertLog = this.#s.insertLog;
      for (const c of logs) this.#forRun(c.runId, () => insertLog.run(c.runId, c.stepKey, c.seq, c.at, c.stream, c.text));
    });
  }

  async history(runId: string, afterSeq = 0): Promise<HistoryEvent[]> {
    return this.#s.selectHistory.all({ runId, afterSeq }).map((row) => JSON.parse(row.data as string) as HistoryEvent);
  }

  async getRun(runId: string): Promise<RunSummary | undefined> {
    const row = this.#s.selectRun.get({ id: runId });
    return row === undefined ? undefined : toRunSummary(row);
  }

  async getRuns(ids: string[]): Promise<RunSummary[]> {
    const byId = new Map(this.#s.selectRunsByIds.all({ ids: JSON.stringify(ids) }).map((row) => [row.id as string, row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row === undefined ? [] : [toRunSummary(row)];
    });
  }

  async findRun(idOrPrefix: string): Promise<RunSummary | undefined> {
    const exact = await this.getRun(idOrPrefix);
    if (exact !== undefined || idOrPrefix.length < 4) return exact;
    const rows = this.#s.selectRunsInIdRange.all({ low: idOrPrefix, high: prefixEnd(idOrPrefix) });
    return rows.length === 1 ? toRunSummary(rows[0]!) : undefined;
  }

  async listRuns(query: RunQuery): Promise<RunSummary[]> {
    return this.#lister.list(query);
  }

  async readLogs(runId: string, query: LogQuery = {}): Promise<LogChunk[]> {
    const params = { runId, afterSeq: query.afterSeq ?? -1, limit: query.limit ?? -1 };
    const rows = query.stepKey === undefined
      ? this.#s.selectLogs.all(params)
      : this.#s.selectStepLogs.all({ ...params, stepKey: query.stepKey });
    return rows.map(toLogChunk);
  }

  async claimRun(runId: string, owner: Owner, expectedOwnerId: string | null, leaseUntil: number): Promise<boolean> {
    const params = { runId, ownerId: owner.id, pid: owner.pid, host: owner.host, leaseUntil, expectedOwnerId };
    return this.#s.claimRun.run(params).changes === 1;
  }

  async renewLeases(ownerId: string, leaseUntil: number): Promise<void> {
    this.#s.renewLeases.run({ ownerId, leaseUntil });
  }

  async releaseRun(runId: string, ownerId: string): Promise<void> {
    this.#s.releaseRun.run({ runId, ownerId });
  }

  async enqueueCommand(runId: string, type: RunCommand['type'], data: Record<string, unknown>, at: number): Promise<number> {
    return this.#forRun(runId, () => Number(this.#s.insertCommand.run({ runId, at, type, data: JSON.stringify(data) }).lastInsertRowid));
  }

  async pendingCommands(runIds: string[]): Promise<RunCommand[]> {
    return this.#s.selectPendingCommands.all({ runIds: JSON.stringify(runIds) }).map(toRunCommand);
  }

  async putSecrets(runId: string, sealed: string): Promise<void> {
    this.#forRun(runId, () => this.#s.upsertSecrets.run({ runId, sealed }));
  }

  async getSecrets(runId: string): Promise<string | undefined> {
    return this.#s.selectSecrets.get({ runId })?.sealed as string | undefined;
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }

  /** One entry of a group commit: summary and seq check in one statement, then events and taken commands. */
  #appendEntry(entry: AppendEntry, rows: Array<[string, HistoryEvent]>): void {
    if (entry.create) {
      this.#insertRun(entry.create.summary, entry.events, entry.create.sealedSecrets);
      return;
    }
    const { runId, events, summary } = entry;
    const first = events[0]?.seq;
    checkConsecutive(runId, events, first ?? 0);
    const last = events.at(-1)?.seq ?? null;
    const expected = first === undefined ? null : first - 1;
    if (!this.#summaries.run(runId, last, expected, summary)) throw this.#seqConflict(runId, expected);
    for (const e of events) rows.push([runId, e]);
    for (const id of entry.takenCommandIds ?? []) {
      if (this.#s.takeCommand.run(id, runId).changes !== 1) throw conflict(`Command ${id} of run ${runId} is not pending: it was taken already, or is another run's.`);
    }
    if (entry.release !== undefined) this.#s.releaseRun.run({ runId, ownerId: entry.release });
    for (const jobKey of entry.releaseSlots ?? []) {
      if (jobKey === '*') this.#s.deleteRunSlots.run({ runId });
      else this.#s.deleteJobSlots.run({ runId, jobKey });
    }
  }

  /**
   * Inserts events with multi-row INSERTs of up to 64 rows: a group commit holds hundreds of events,
   * and each statement call crosses from JavaScript into SQLite, so fewer calls are much cheaper.
   */
  #insertEvents(runId: string, events: HistoryEvent[]): void {
    this.#insertEventRows(events.map((e) => [runId, e]));
  }

  #insertEventRows(rows: Array<[string, HistoryEvent]>): void {
    for (let i = 0; i < rows.length; i += eventRowsPerInsert) {
      const chunk = rows.slice(i, i + eventRowsPerInsert);
      const params: Array<string | number> = [];
      for (const [runId, e] of chunk) params.push(runId, e.seq, e.at, e.type, JSON.stringify(e));
      this.#eventInsert(chunk.length).run(...params);
    }
  }

  #eventInserts: StatementSync[] = [];

  #eventInsert(rows: number): StatementSync {
    let statement = this.#eventInserts[rows];
    if (statement === undefined) {
      statement = this.#db.prepare(q.insertEvents(rows));
      this.#eventInserts[rows] = statement;
    }
    return statement;
  }

  #seqConflict(runId: string, expected: number | null): AutodevopsError {
    const row = this.#s.selectLastSeq.get({ id: runId });
    if (row === undefined) return new AutodevopsError('ADO_RUN_NOT_FOUND', `No run has id ${runId}.`);
    return conflict(`Run ${runId}: the history ends at seq ${String(row.last_seq)}, not ${String(expected)}; another process may have taken the run.`);
  }

  /** Runs a write for an existing run; a foreign-key failure means the run does not exist. */
  #forRun<T>(runId: string, write: () => T): T {
    try {
      return write();
    } catch (error) {
      if (errcode(error) === extendedCode.foreignKey) throw new AutodevopsError('ADO_RUN_NOT_FOUND', `No run has id ${runId}.`, { cause: error });
      throw error;
    }
  }

  /** BEGIN IMMEDIATE takes the write lock up front, so a busy database waits instead of failing mid-transaction. */
  #transaction<T>(work: () => T): T {
    this.#s.begin.run();
    try {
      const result = work();
      this.#s.commit.run();
      return result;
    } catch (error) {
      if (this.#db.isTransaction) this.#s.rollback.run();
      throw error;
    }
  }
}

const statements = {
  begin: 'BEGIN IMMEDIATE',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  insertRun: q.insertRun,
  insertSlot: q.insertSlot,
  selectSlot: q.selectSlot,
  deleteSlot: q.deleteSlot,
  deleteJobSlots: q.deleteJobSlots,
  deleteRunSlots: q.deleteRunSlots,
  takeRunNumber: q.takeRunNumber,
  selectLastSeq: q.selectLastSeq,
  selectHistory: q.selectHistory,
  selectRun: q.selectRun,
  selectRunsInIdRange: q.selectRunsInIdRange,
  selectRunsByIds: q.selectRunsByIds,
  claimRun: q.claimRun,
  renewLeases: q.renewLeases,
  releaseRun: q.releaseRun,
  insertLog: q.insertLog,
  selectLogs: q.selectLogs,
  selectStepLogs: q.selectStepLogs,
  insertCommand: q.insertCommand,
  takeCommand: q.takeCommand,
  selectPendingCommands: q.selectPendingCommands,
  upsertSecrets: q.upsertSecrets,
  selectSecrets: q.selectSecrets,
} as const;

function prepareAll(db: DatabaseSync): { [K in keyof typeof statements]: StatementSync } {
  const entries = Object.entries(statements).map(([name, sql]) => [name, db.prepare(sql)]);
  return Object.fromEntries(entries) as { [K in keyof typeof statements]: StatementSync };
}

const eventRowsPerInsert = 64;

/** Events of one write must carry consecutive seqs starting at `first`: a gap would corrupt replay. */
function checkConsecutive(runId: string, events: HistoryEvent[], first: number): void {
  for (let i = 0; i < events.length; i++) {
    if (events[i]!.seq !== first + i) {
      throw new AutodevopsError('ADO_INTERNAL', `Run ${runId}: event ${i} has seq ${events[i]!.seq}, expected ${first + i} (seqs start at 1 and have no gaps).`);
    }
  }
}

/** The smallest string greater than every string starting with `prefix`. */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

function conflict(message: string, cause?: unknown): AutodevopsError {
  return new AutodevopsError('ADO_STORE_CONFLICT', message, { cause });
}
