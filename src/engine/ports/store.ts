/**
 * The Store port: durable state for runs. The engine decides; the store only persists and answers
 * queries, so a PostgreSQL backend (several workers sharing one database) needs no engine change.
 * One conformance suite (`src/store/conformance/`) runs against every backend.
 */
import type { HistoryEvent, LogChunk } from '../../core/events.ts';
import type { Conclusion, RunStatus } from '../../core/states.ts';

/** The process that executes a run; only the owner appends to a run's history. */
export interface Owner {
  id: string;
  pid: number;
  host: string;
}

/** The queryable summary of a run, kept in step with its history by `append`. */
export interface RunSummary {
  id: string;
  workflowName: string;
  workflowFile: string;
  event: string;
  status: RunStatus;
  conclusion?: Conclusion;
  createdAt: number;
  updatedAt: number;
  concurrencyGroup?: string;
  /** Current owner and lease expiry (ms epoch), when some process is executing the run. */
  owner?: Owner;
  leaseUntil?: number;
}

/** A command for a run from outside its owner (cancel, approve, signal, decide), taken by the owner. */
export interface RunCommand {
  id: number;
  runId: string;
  at: number;
  type: 'cancel' | 'approve' | 'signal' | 'decide';
  data: Record<string, unknown>;
}

/** One run's share of a group commit. */
export interface AppendEntry {
  runId: string;
  /** Events with consecutive `seq` following the run's last one. */
  events: HistoryEvent[];
  /** Summary fields changed by these events. */
  summary?: Partial<Pick<RunSummary, 'status' | 'conclusion' | 'updatedAt' | 'concurrencyGroup'>>;
  /** Commands turned into these events; marked taken in the same transaction (exactly once). */
  takenCommandIds?: number[];
  /** Owner id giving the run up in the same transaction (its last append), saving a commit. */
  release?: string;
  /** Creates the run with these events (seq from 1), as `createRun` would, inside the group commit. */
  create?: { summary: RunSummary; sealedSecrets?: string };
  /** Job-level concurrency slots this run gives up (its jobs completed), by job key; `*` gives up all the run's slots. */
  releaseSlots?: string[];
}

/** Who holds a job-level concurrency group. */
export interface SlotHolder {
  runId: string;
  jobKey: string;
}

/** Filters for listing runs; newest first. */
export interface RunQuery {
  status?: RunStatus[];
  workflowFile?: string;
  concurrencyGroup?: string;
  /** Cursor: only runs created before this run id. */
  before?: string;
  limit?: number;
}

/** Filters for reading logs. */
export interface LogQuery {
  stepKey?: string;
  /** Only chunks after this seq. */
  afterSeq?: number;
  limit?: number;
}

/** Durable storage of runs, histories, logs, commands and sealed secrets. */
export interface Store {
  /** Creates a run with its first events in one transaction (owned when `summary.owner` is set). Fails if the id exists. */
  createRun(summary: RunSummary, events: HistoryEvent[], sealedSecrets?: string): Promise<void>;
  /** Appends events and logs for several runs in one durable transaction (group commit). */
  append(entries: AppendEntry[], logs?: LogChunk[]): Promise<void>;
  /** A run's history, in order; only events after `afterSeq` when given. */
  history(runId: string, afterSeq?: number): Promise<HistoryEvent[]>;
  getRun(runId: string): Promise<RunSummary | undefined>;
  /** Finds a run by id or unique id prefix. */
  findRun(idOrPrefix: string): Promise<RunSummary | undefined>;
  listRuns(query: RunQuery): Promise<RunSummary[]>;
  /**
   * Takes the next `github.run_number` of a workflow file (1, 2, 3…), durably and atomically: two
   * runs never get the same number, even when started at once or by different processes.
   */
  nextRunNumber(workflowFile: string): Promise<number>;
  readLogs(runId: string, query?: LogQuery): Promise<LogChunk[]>;
  /** Takes ownership of a run if its owner is still `expectedOwnerId` (compare-and-set). */
  claimRun(runId: string, owner: Owner, expectedOwnerId: string | null, leaseUntil: number): Promise<boolean>;
  /** Extends the lease of every run this owner holds. */
  renewLeases(ownerId: string, leaseUntil: number): Promise<void>;
  /** Gives a run up (when it completes or the process shuts down cleanly). */
  releaseRun(runId: string, ownerId: string): Promise<void>;
  /** Queues a command for a run's owner. */
  enqueueCommand(runId: string, type: RunCommand['type'], data: Record<string, unknown>, at: number): Promise<number>;
  /** Commands not yet taken for these runs, oldest first. */
  pendingCommands(runIds: string[]): Promise<RunCommand[]>;
  /**
   * Takes a job-level concurrency group for a job (idempotent for the same holder). Returns undefined
   * when the job now holds it, or the job that holds it.
   */
  acquireSlot(group: string, holder: SlotHolder, at: number): Promise<SlotHolder | undefined>;
  /** Frees a group that a job of a run that no longer runs still holds (compare-and-delete). */
  freeSlot(group: string, holder: SlotHolder): Promise<void>;
  /** The sealed (encrypted) secrets of a run, replaced whole. */
  putSecrets(runId: string, sealed: string): Promise<void>;
  getSecrets(runId: string): Promise<string | undefined>;
  close(): Promise<void>;
}
