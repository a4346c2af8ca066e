/**
 * The project event journal: every history event of a project's runs, numbered in one sequence
 * per server, so a client of `GET /v1/projects/{p}/events` resumes with `Last-Event-ID` after a
 * disconnect or a restart. A run's first events happen before the server has recorded which
 * project it belongs to (and `run.created` is never announced live), so when a run is claimed its
 * history so far is journalled first; live events that arrive meanwhile wait in a small buffer
 * and follow in order, duplicates dropped by (run, seq).
 *
 * The journal is written through a connection of its own with `synchronous = NORMAL`: every engine
 * event is journalled while the engine waits to act on it, and an fsync per event was most of the
 * time from a webhook to its run's first step. In WAL mode such a commit survives a crash of the
 * process; a power failure can lose the newest entries until the next commit of server.db that
 * syncs (which carries them). The durable record of every event is the run's history in the store.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { HistoryEvent } from '../../core/events.ts';
import type { EngineEvent } from '../../core/views.ts';
import type { RunOwners } from '../registry/run-owners.ts';

/** One journalled event. */
export interface ProjectEvent {
  /** Position in the journal: the SSE event id. */
  seq: number;
  runId: string;
  event: HistoryEvent;
}

/** The journal. */
export interface ProjectEvents {
  /** The engine listener: journals history events of runs that have a project. */
  record(event: EngineEvent): void;
  /** Journals the run's history so far and the events that arrived before it was owned. */
  claimed(runId: string): Promise<void>;
  /** The project's events after `seq`, oldest first. */
  after(project: string, seq: number, limit?: number): ProjectEvent[];
  /** Calls `listener` for each event journalled for the project; returns the unsubscribe function. */
  subscribe(project: string, listener: (event: ProjectEvent) => void): () => void;
  /** Closes the journal's own connection (server.db itself stays open). */
  close(): void;
}

/** How long events of a run without an owner are kept for its claim. */
const pendingMs = 60_000;

/** `run.created` carries the whole workflow text; the journal keeps its name and digest only. */
function slim(event: HistoryEvent): HistoryEvent {
  if (event.type !== 'run.created') return event;
  const { text: _text, ...source } = event.workflowSource;
  return { ...event, workflowSource: { ...source, text: '' } };
}

/** The journal in server.db. */
class Journal implements ProjectEvents {
  readonly #db: DatabaseSync;
  readonly #writer: DatabaseSync;
  readonly #owners: RunOwners;
  readonly #readHistory: (runId: string) => Promise<HistoryEvent[]>;
  readonly #now: () => number;
  readonly #listeners = new Map<string, Set<(e: ProjectEvent) => void>>();
  /** Events of runs without a known project yet (or being claimed), by run. */
  readonly #pending = new Map<string, { since: number; events: HistoryEvent[] }>();
  readonly #projects = new Map<string, string>();
  readonly #claiming = new Set<string>();
  #insert: StatementSync | undefined;

  constructor(db: DatabaseSync, owners: RunOwners, readHistory: (runId: string) => Promise<HistoryEvent[]>, now: () => number) {
    this.#db = db;
    this.#writer = journalWriter(db);
    this.#owners = owners;
    this.#readHistory = readHistory;
    this.#now = now;
  }

  record(e: EngineEvent): void {
    if (e.kind !== 'history') return;
    const project = this.#claiming.has(e.runId) ? undefined : this.#projectOf(e.runId);
    if (project === undefined) this.#hold(e.runId, e.event);
    else this.#append(project, e.runId, e.event);
  }

  async claimed(runId: string): Promise<void> {
    this.#claiming.add(runId);
    try {
      const history = await this.#readHistory(runId);
      const project = this.#projectOf(runId);
      if (project === undefined) return;
      for (const event of [...history, ...(this.#pending.get(runId)?.events ?? [])]) this.#append(project, runId, event);
    } finally {
      this.#claiming.delete(runId);
      this.#pending.delete(runId);
    }
  }

  after(project: string, seq: number, limit = 1000): ProjectEvent[] {
    const rows = this.#db.prepare('SELECT seq, run_id, data FROM project_events WHERE project = ? AND seq > ? ORDER BY seq LIMIT ?').all(project, seq, limit) as Array<{ seq: number; run_id: string; data: string }>;
    return rows.map((r) => ({ seq: r.seq, runId: r.run_id, event: JSON.parse(r.data) as HistoryEvent }));
  }

  subscribe(project: string, listener: (event: ProjectEvent) => void): () => void {
    const set = this.#listeners.get(project) ?? new Set();
    set.add(listener);
    this.#listeners.set(project, set);
    return () => void set.delete(listener);
  }

  /** Journals the event unless it is there already, and tells the project's listeners. */
  #append(project: string, runId: string, event: HistoryEvent): void {
    const data = slim(event);
    this.#insert ??= this.#writer.prepare('INSERT INTO project_events (project, run_id, history_seq, type, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING seq');
    const row = this.#insert.get(project, runId, event.seq, event.type, JSON.stringify(data)) as { seq: number } | undefined;
    if (row) for (const l of this.#listeners.get(project) ?? []) l({ seq: row.seq, runId, event: data });
  }

  close(): void {
    if (this.#writer !== this.#db && this.#writer.isOpen) this.#writer.close();
  }

  #projectOf(runId: string): string | undefined {
    let project = this.#projects.get(runId);
    if (project === undefined && (project = this.#owners.projectOf(runId)) !== undefined) {
      if (this.#projects.size > 10_000) this.#projects.clear();
      this.#projects.set(runId, project);
    }
    return project;
  }

  #hold(runId: string, event: HistoryEvent): void {
    for (const [id, p] of this.#pending) if (this.#now() - p.since > pendingMs) this.#pending.delete(id);
    const entry = this.#pending.get(runId) ?? { since: this.#now(), events: [] };
    entry.events.push(event);
    this.#pending.set(runId, entry);
  }
}

/** A second connection to server.db that commits without waiting for the disk (see the file comment). */
function journalWriter(db: DatabaseSync): DatabaseSync {
  const file = db.location();
  if (file === null) return db;
  const writer = new DatabaseSync(file, { timeout: 5000 });
  writer.exec('PRAGMA synchronous = NORMAL');
  return writer;
}

/** The journal in server.db; `readHistory` reads a run's durable history. */
export function projectEventsOf(db: DatabaseSync, owners: RunOwners, readHistory: (runId: string) => Promise<HistoryEvent[]>, now: () => number = Date.now): ProjectEvents {
  return new Journal(db, owners, readHistory, now);
}
