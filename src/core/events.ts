/**
 * The run history: an append-only list of events per run, from which every state is derived
 * (`engine/run-state.ts`). Events are plain JSON; adding a field is fine, changing one's meaning
 * is not — recorded histories in test/histories/ must keep replaying to the same state.
 */
import type { Conclusion } from './states.ts';

/** Severity of an annotation from `::error::`, `::warning::`, `::notice::`. */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** A message attached to a step, optionally pointing into a file. */
export interface Annotation {
  level: AnnotationLevel;
  message: string;
  title?: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
}

/** What started a run. */
export interface Trigger {
  /** Event name, e.g. `push`, `workflow_dispatch`. */
  event: string;
  /** The webhook-shaped payload (`github.event`). */
  payload: Record<string, unknown>;
  /** `workflow_dispatch` inputs after defaults and type coercion. */
  inputs: Record<string, string | number | boolean>;
  /** `github.ref`, e.g. `refs/heads/main` (from the payload or the workspace's git checkout). */
  ref?: string;
  /** `github.sha`. */
  sha?: string;
  /** `github.repository`, `owner/name`. */
  repository?: string;
  /** `github.actor`. */
  actor?: string;
  /** `github.run_number`: runs of this workflow file so far, this one included. */
  runNumber?: number;
}

/** Options fixed when the run was created. */
export interface RunOptions {
  /** Directory that steps run in (`github.workspace`). */
  workdir: string;
  /** Only these job ids (and what they need) run; empty = all. */
  jobs: string[];
  /** `--matrix k:v` filters: only matrix combinations with these values run. */
  matrix: Record<string, string>;
  /** `--env` overrides, applied above workflow env. */
  env: Record<string, string>;
  /** `vars` context. */
  vars: Record<string, string>;
  /** Jobs running at once within this run. */
  maxParallelJobs: number;
  /** Names of the secrets given (values are sealed, never in the history). */
  secretNames: string[];
  /** Jobs to skip (job id → reason), e.g. those that cannot run locally when the user asked to skip them. */
  skipJobs?: Record<string, string>;
}

/** Where an error or outcome came from, for messages. */
export interface StepError {
  message: string;
  kind: 'failed' | 'retryable' | 'timeout' | 'cancelled' | 'interrupted';
}

type E<T extends string, D> = { type: T; seq: number; at: number } & D;

/** Every event a run's history can hold. */
export type HistoryEvent =
  | E<'run.created', { workflowSource: { file: string; sha256: string; text: string }; trigger: Trigger; options: RunOptions; concurrencyGroup?: string; cancelInProgress?: boolean; /** Set for a reusable workflow called by a job of another run. */ parent?: { runId: string; jobKey: string; depth: number } }>
  | E<'run.started', { concurrencyGroup?: string }>
  | E<'run.cancel-requested', { reason: string }>
  | E<'run.decision', { stepKey: string; action: 'retry' | 'skip' | 'fail'; by: string }>
  | E<'run.needs-decision', { stepKey: string; reason: string }>
  | E<'run.completed', { conclusion: Conclusion }>
  | E<'job.expanded', { jobId: string; instances: Array<{ key: string; name: string; matrix?: Record<string, unknown> }> }>
  | E<'job.skipped', { jobId: string; reason: string }>
  | E<'job.started', { jobKey: string; attempt: number; deadline?: number }>
  | E<'job.completed', { jobKey: string; conclusion: Conclusion; outcome: Conclusion; outputs: Record<string, string>; error?: string }>
  | E<'job.retry-scheduled', { jobKey: string; attempt: number; fireAt: number }>
  | E<'job.called', { jobKey: string; childRunId: string; workflow: string }>
  | E<'job.prepared', { jobKey: string; pre: Array<{ of: number; if: string; name: string }> }>
  | E<'step.started', { jobKey: string; index: number; attempt: number; name: string; repeatSafe: boolean; /** For a pre or post phase: the main step it belongs to (its index is after the job's steps). */ of?: number; phase?: 'pre' | 'post' }>
  | E<'step.completed', {
      jobKey: string;
      index: number;
      attempt: number;
      /** Display name; set when the step completes without having started (skipped). */
      name?: string;
      /** For a pre or post phase: the main step it belongs to. */
      of?: number;
      phase?: 'pre' | 'post';
      /** The step asked for its post phase at the end of the job. */
      post?: { name: string; if: string };
      outcome: Conclusion;
      conclusion: Conclusion;
      outputs: Record<string, string>;
      /** Outputs whose values held a secret, sealed (encrypted) so they survive recovery without being readable in the store. */
      sealedOutputs?: string;
      env?: Record<string, string>;
      path?: string[];
      state?: Record<string, string>;
      summary?: string;
      annotations?: Annotation[];
      error?: StepError;
    }>
  | E<'step.retry-scheduled', { jobKey: string; index: number; attempt: number; fireAt: number; /** The backoff chosen (fireAt − now when scheduled). */ delayMs?: number; error: StepError }>
  | E<'step.interrupted', { jobKey: string; index: number; attempt: number }>
  | E<'wait.started', { stepKey: string; key: string; kind: 'timer' | 'signal' | 'approval'; fireAt?: number; signal?: string; approvers?: string[]; message?: string }>
  | E<'wait.completed', { stepKey: string; key: string; result: WaitResult }>
  /** A value a step computed once (e.g. a model's answer): a re-run after a crash reads it instead of computing it again. */
  | E<'step.recorded', { stepKey: string; key: string; value: unknown }>
  /** Tokens and cost of one model call made by a step. */
  | E<'step.usage', { stepKey: string; provider: string; model: string; prompt: number; completion: number; /** USD; absent when the model has no price. */ costUsd?: number; priceTable?: string }>;

/** Token and cost totals of the model calls of a step or a run. */
export interface UsageTotals {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  /** USD over the calls that have a price. */
  costUsd: number;
  /** Calls whose model has no price in the table (their cost is not in `costUsd`). */
  unpricedCalls: number;
}

/** How a durable wait ended. */
export type WaitResult =
  | { kind: 'timer' }
  | { kind: 'signal'; payload: unknown }
  | { kind: 'approval'; approved: boolean; by: string; comment?: string }
  | { kind: 'timeout' };

/** The event type names. */
export type HistoryEventType = HistoryEvent['type'];

/** An event of one type. */
export type HistoryEventOf<T extends HistoryEventType> = Extract<HistoryEvent, { type: T }>;

/** An event before the history assigns its `seq` and `at`. */
export type NewHistoryEvent = HistoryEvent extends infer X ? (X extends HistoryEvent ? Omit<X, 'seq' | 'at'> : never) : never;

/** A chunk of a step's log, already masked. */
export interface LogChunk {
  runId: string;
  /** `<jobKey>/<stepIndex>` or `<jobKey>` for job-level lines. */
  stepKey: string;
  seq: number;
  at: number;
  stream: 'stdout' | 'stderr' | 'system';
  text: string;
}
