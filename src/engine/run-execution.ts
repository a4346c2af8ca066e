/**
 * The in-memory side of one run owned by this process: its derived state, its parsed workflow, the
 * steps in flight, and the events produced but not yet durable. Only this object appends to the
 * run's history; everything it appends is applied to `state` at once and acted on only after the
 * commit that holds it is durable.
 */
import type { HistoryEvent, LogChunk, NewHistoryEvent } from '../core/events.ts';
import type { Clock } from '../core/clock.ts';
import type { WorkflowDefinition, JobDefinition } from '../dsl/model.ts';
import { applyEvent, type RunState } from './run-state.ts';
import { LogSink } from './log-sink.ts';
import { Masker } from './masker.ts';

/** A side effect to perform once the events before it are durable. */
export type Effect =
  | { kind: 'launch-step'; jobKey: string; index: number; attempt: number }
  | { kind: 'call-workflow'; jobKey: string }
  | { kind: 'prepare-job'; jobKey: string }
  | { kind: 'acquire-slot'; jobKey: string; group: string; cancelInProgress: boolean }
  | { kind: 'wake'; at: number };

/** One run being executed here. */
export class RunExecution {
  readonly masker = new Masker();
  /** Secret values by name (from the sealed store entry). */
  secrets: Record<string, string> = {};
  /** Steps in flight, by step key, with their abort controllers. */
  readonly inflight = new Map<string, AbortController>();
  /** Events applied to `state` but not yet handed to the commit queue. */
  pending: HistoryEvent[] = [];
  effects: Effect[] = [];
  readonly sinks = new Map<string, LogSink>();
  /** Waiters for durable waits, by wait key. */
  readonly waiters = new Map<string, () => void>();
  /** Command ids turned into `pending` events. */
  takenCommands: number[] = [];
  /** Commands already applied here (a slow poll may return them twice before they are marked taken). */
  readonly seenCommands = new Set<number>();
  #logSeq = 0;
  readonly #memo = new Map<string, unknown>();
  #timers = new Set<ReturnType<typeof setTimeout>>();
  /** Job-level concurrency groups held by this run's jobs (job key → group), and those being waited for. */
  readonly slots = new Map<string, string>();
  readonly acquiring = new Set<string>();
  /** Jobs whose pre phases are being looked for in this process. */
  readonly preparing = new Set<string>();
  /** Jobs whose reusable-workflow call is in progress in this process. */
  readonly calling = new Set<string>();
  /** The status and conclusion last written to the store's summary row. */
  storedStatus: string | undefined;
  storedConclusion: string | undefined;
  /** True once a step created files under the run's temp directory (removed when the run completes). */
  usedTemp = false;
  /** Job temp directories already created (with their event.json). */
  readonly preparedDirs = new Set<string>();
  /** Set when this process gave the run up (completed, or the engine closed). */
  detached = false;
  readonly jobDefs: Map<string, JobDefinition>;

  readonly state: RunState;
  readonly workflow: WorkflowDefinition;
  readonly #clock: Clock;

  constructor(state: RunState, workflow: WorkflowDefinition, clock: Clock, logSeq: number) {
    this.state = state;
    this.workflow = workflow;
    this.#clock = clock;
    this.#logSeq = logSeq;
    this.jobDefs = new Map(workflow.jobs.map((j) => [j.id, j]));
  }

  get id(): string {
    return this.state.id;
  }

  /** Appends an event to the (not yet durable) history and applies it to the state. */
  emit(event: NewHistoryEvent): HistoryEvent {
    const full = { ...event, seq: this.state.lastSeq + 1, at: this.#clock.now() } as HistoryEvent;
    // Error texts can quote anything (an expression's input, a failed URL): masked on the way in.
    if ('error' in full && full.error !== undefined && !this.masker.empty) {
      (full as { error: unknown }).error = typeof full.error === 'string' ? this.masker.mask(full.error) : { ...full.error, message: this.masker.mask(full.error.message) };
    }
    applyEvent(this.state, full);
    this.pending.push(full);
    return full;
  }

  /** The definition of a job instance. */
  jobDef(jobKey: string): JobDefinition {
    const jobId = this.state.jobs.get(jobKey)?.jobId ?? jobKey;
    const def = this.jobDefs.get(jobId);
    if (!def) throw new Error(`run ${this.id} has no job ${jobId}`);
    return def;
  }

  /** The log sink of a step (or of a job, for job-level lines). */
  sink(stepKey: string): LogSink {
    let sink = this.sinks.get(stepKey);
    if (!sink) {
      sink = new LogSink(this.id, stepKey, this.masker, () => this.#clock.now());
      this.sinks.set(stepKey, sink);
    }
    return sink;
  }

  /** Masked log chunks ready to store; the steps in `finished` also release their partial lines. */
  drainLogs(finished: ReadonlySet<string> = new Set()): LogChunk[] {
    const out: LogChunk[] = [];
    const next = (): number => ++this.#logSeq;
    for (const [key, sink] of this.sinks) {
      const final = finished.has(key);
      if (sink.pending || final) out.push(...sink.drain(next, final));
      if (final) this.sinks.delete(key);
    }
    return out;
  }

  /** A value computed once per run and key (contexts that depend only on the run's creation). */
  memo<T>(key: string, compute: () => T): T {
    let v = this.#memo.get(key) as T | undefined;
    if (v === undefined) {
      v = compute();
      this.#memo.set(key, v);
    }
    return v;
  }

  /** Runs `fn` at time `at` (ms epoch) unless the run is detached first. */
  wakeAt(at: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.detached) return;
      // Timers may fire a millisecond before the clock reaches `at`; decisions compare with the clock.
      if (this.#clock.now() < at) this.wakeAt(at, fn);
      else fn();
    }, Math.max(0, at - this.#clock.now()));
    this.#timers.add(timer);
  }

  /** Stops timers and aborts steps in flight (engine shutdown or run end). */
  detach(reason: string): void {
    this.detached = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    for (const c of this.inflight.values()) c.abort(new Error(reason));
  }
}
