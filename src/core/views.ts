/**
 * Read models of a run, derived from its history: what `show`, the live CLI view, the API and the
 * dashboard display. Plain JSON.
 */
import type { AiEngineEvent } from './ai-calls.ts';
import type { Annotation, HistoryEvent, LogChunk, Trigger, UsageTotals } from './events.ts';
import type { Conclusion, JobStatus, RunStatus, StepStatus } from './states.ts';

/** One step as displayed. */
export interface StepView {
  /** `<jobKey>/<index>`. */
  key: string;
  index: number;
  id: string;
  name: string;
  status: StepStatus;
  outcome?: Conclusion;
  conclusion?: Conclusion;
  attempt: number;
  startedAt?: number;
  completedAt?: number;
  outputs: Record<string, string>;
  error?: string;
  annotations: Annotation[];
  /** Model calls of an AI step: tokens and cost. */
  usage?: UsageTotals;
  /** Set while the step waits for a person, a timer or a signal. */
  waitingFor?: { kind: 'timer' | 'signal' | 'approval'; fireAt?: number; signal?: string; approvers?: string[]; message?: string };
}

/** One job (or matrix instance) as displayed. */
export interface JobView {
  /** `build`, or `build.0`, `build.1` for matrix instances. */
  key: string;
  jobId: string;
  /** Display name, e.g. `build (18, ubuntu)`. */
  name: string;
  status: JobStatus;
  conclusion?: Conclusion;
  matrix?: Record<string, unknown>;
  needs: string[];
  startedAt?: number;
  completedAt?: number;
  outputs: Record<string, string>;
  steps: StepView[];
  /** Markdown written to `$GITHUB_STEP_SUMMARY` by its steps. */
  summary?: string;
  /** Why the job failed or was cancelled outside any step (bad `if:`, timeout, fail-fast, rejection). */
  error?: string;
  /** For a job that calls a reusable workflow: the run executing it. */
  calls?: { runId: string; workflow: string };
  /** Set while the job waits for an environment approval. */
  waitingFor?: { kind: 'approval'; approvers?: string[]; message?: string };
}

/** A run as displayed. */
export interface RunView {
  id: string;
  workflowName: string;
  workflowFile: string;
  trigger: Trigger;
  status: RunStatus;
  conclusion?: Conclusion;
  createdAt: number;
  startedAt?: number;
  completedAt?: number;
  jobs: JobView[];
  /** Why the run needs a person, when it does. */
  needsDecision?: { stepKey: string; reason: string };
  /** Set when the process executing the run died: `autodevops resume` continues it. */
  interrupted?: true;
  /** The run and job that called this run, when it is a reusable workflow. */
  parent?: { runId: string; jobKey: string };
  /** Artifacts the run uploaded (actions/upload-artifact): name, total bytes, number of files. */
  artifacts?: Array<{ name: string; size: number; files: number }>;
  /** Model calls of all steps: tokens and cost. */
  usage?: UsageTotals;
  /** The run's OpenTelemetry trace id (derived from the run id, so it is the same in every process). */
  traceId?: string;
}

/** What the engine announces, after the change is durable: history events and log chunks. */
export type EngineEvent =
  | { kind: 'history'; runId: string; event: HistoryEvent }
  | { kind: 'log'; runId: string; chunk: LogChunk }
  | AiEngineEvent;
