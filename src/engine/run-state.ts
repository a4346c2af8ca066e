/**
 * A run's state, derived only from its history: `replay(events)` folds `applyEvent` over them.
 * Pure and deterministic (no clock, no ids, no I/O), so a recorded history always rebuilds the
 * same state — the property test/histories/ checks after every change.
 */
import type { Annotation, HistoryEvent, HistoryEventOf, RunOptions, StepError, Trigger, UsageTotals, WaitResult } from '../core/events.ts';
import type { Conclusion, JobStatus, RunStatus, StepStatus } from '../core/states.ts';

/** A durable wait opened by a step (timer, signal, approval). */
export interface WaitState {
  key: string;
  stepKey: string;
  kind: 'timer' | 'signal' | 'approval';
  fireAt?: number;
  signal?: string;
  approvers?: string[];
  message?: string;
  result?: WaitResult;
}

/** One attempt of one step, as far as the history tells. */
export interface StepState {
  index: number;
  attempt: number;
  status: StepStatus;
  name: string;
  repeatSafe: boolean;
  outcome?: Conclusion;
  conclusion?: Conclusion;
  outputs: Record<string, string>;
  sealedOutputs?: string;
  env?: Record<string, string>;
  path?: string[];
  state?: Record<string, string>;
  summary?: string;
  annotations: Annotation[];
  error?: StepError;
  startedAt?: number;
  completedAt?: number;
  /** Set while a retry is scheduled. */
  retryAt?: number;
  /** True when a crash interrupted this attempt. */
  interrupted?: boolean;
  /** For a pre or post phase: the index of its main step. */
  of?: number;
  phase?: 'pre' | 'post';
  /** The post phase this (main) step asked for. */
  post?: { name: string; if: string };
}

/** One job instance (a matrix combination, or the job itself). */
export interface JobState {
  key: string;
  jobId: string;
  name: string;
  matrix?: Record<string, unknown>;
  /** Position among the job's instances and their count (`strategy.job-index`, `job-total`). */
  instanceIndex: number;
  instanceTotal: number;
  status: JobStatus;
  attempt: number;
  conclusion?: Conclusion;
  outcome?: Conclusion;
  outputs: Record<string, string>;
  error?: string;
  startedAt?: number;
  completedAt?: number;
  deadline?: number;
  retryAt?: number;
  steps: StepState[];
  /** Pre phases found when the job was prepared (undefined until then). */
  pre?: Array<{ of: number; if: string; name: string }>;
  /** The run of the reusable workflow this job calls, once created. */
  child?: { runId: string; workflow: string };
}

/** A job id's fate: not yet decided, skipped, or expanded into instances. */
export interface JobGroupState {
  jobId: string;
  skipped?: string;
  instances: string[];
}

/** Everything known about a run. */
export interface RunState {
  id: string;
  status: RunStatus;
  conclusion?: Conclusion;
  createdAt: number;
  startedAt?: number;
  completedAt?: number;
  updatedAt: number;
  source: { file: string; sha256: string; text: string };
  trigger: Trigger;
  options: RunOptions;
  concurrencyGroup?: string;
  cancelInProgress?: boolean;
  cancelRequested?: string;
  parent?: { runId: string; jobKey: string; depth: number };
  groups: Map<string, JobGroupState>;
  jobs: Map<string, JobState>;
  waits: Map<string, WaitState>;
  /** Values steps computed once (`durable.record`), by record key. */
  records: Map<string, unknown>;
  /** Model-call usage by step key. */
  usage: Map<string, UsageTotals>;
  needsDecision?: { stepKey: string; reason: string };
  /** Decisions made by a person on interrupted steps, by step key. */
  decisions: Map<string, 'retry' | 'skip' | 'fail'>;
  lastSeq: number;
}

type Handler<T extends HistoryEvent['type']> = (state: RunState, event: HistoryEventOf<T>) => void;
type Handlers = { [T in HistoryEvent['type']]: Handler<T> };

/** `<jobKey>/<index>`. */
export const stepKeyOf = (jobKey: string, index: number): string => `${jobKey}/${index}`;

function job(state: RunState, key: string): JobState {
  const found = state.jobs.get(key);
  if (!found) throw new Error(`history refers to unknown job ${key}`);
  return found;
}

function step(state: RunState, jobKey: string, index: number): StepState {
  const found = job(state, jobKey).steps[index];
  if (!found) throw new Error(`history refers to unknown step ${stepKeyOf(jobKey, index)}`);
  return found;
}

function newJob(key: string, jobId: string, name: string, index: number, total: number, matrix?: Record<string, unknown>): JobState {
  return { key, jobId, name, matrix, instanceIndex: index, instanceTotal: total, status: 'pending', attempt: 0, outputs: {}, steps: [] };
}

const handlers: Handlers = {
  'run.created': () => undefined,
  'run.started': (s, e) => {
    s.status = 'running';
    s.startedAt = e.at;
    if (e.concurrencyGroup !== undefined) s.concurrencyGroup = e.concurrencyGroup;
  },
  'run.cancel-requested': (s, e) => {
    s.cancelRequested ??= e.reason;
  },
  'run.needs-decision': (s, e) => {
    s.needsDecision = { stepKey: e.stepKey, reason: e.reason };
  },
  'run.decision': (s, e) => {
    s.decisions.set(e.stepKey, e.action);
    if (s.needsDecision?.stepKey === e.stepKey) s.needsDecision = undefined;
  },
  'run.completed': (s, e) => {
    s.status = 'completed';
    s.conclusion = e.conclusion;
    s.completedAt = e.at;
  },
  'job.expanded': (s, e) => {
    const keys = e.instances.map((i) => i.key);
    s.groups.set(e.jobId, { jobId: e.jobId, instances: keys });
    e.instances.forEach((i, n) => s.jobs.set(i.key, newJob(i.key, e.jobId, i.name, n, keys.length, i.matrix)));
  },
  'job.skipped': (s, e) => {
    s.groups.set(e.jobId, { jobId: e.jobId, skipped: e.reason, instances: [] });
  },
  'job.started': (s, e) => {
    let j = s.jobs.get(e.jobKey);
    if (!j) {
      // A job without a matrix is its own single instance; it appears when it starts.
      j = newJob(e.jobKey, e.jobKey, e.jobKey, 0, 1);
      s.jobs.set(e.jobKey, j);
      s.groups.set(e.jobKey, { jobId: e.jobKey, instances: [e.jobKey] });
    }
    Object.assign(j, { status: 'running', attempt: e.attempt, deadline: e.deadline, startedAt: j.startedAt ?? e.at, retryAt: undefined });
    if (e.attempt > 1) {
      j.steps = [];
      j.pre = undefined;
    }
  },
  'job.completed': (s, e) => {
    const j = job(s, e.jobKey);
    Object.assign(j, { status: 'completed', conclusion: e.conclusion, outcome: e.outcome, outputs: e.outputs, error: e.error, completedAt: e.at });
  },
  'job.prepared': (s, e) => {
    job(s, e.jobKey).pre = e.pre;
  },
  'job.called': (s, e) => {
    job(s, e.jobKey).child = { runId: e.childRunId, workflow: e.workflow };
  },
  'job.retry-scheduled': (s, e) => {
    const j = job(s, e.jobKey);
    Object.assign(j, { status: 'pending', retryAt: e.fireAt, conclusion: undefined, outcome: undefined });
  },
  'step.started': (s, e) => {
    const j = job(s, e.jobKey);
    j.steps[e.index] = { index: e.index, attempt: e.attempt, status: 'running', name: e.name, repeatSafe: e.repeatSafe, outputs: {}, annotations: [], startedAt: e.at, of: e.of, phase: e.phase ?? (e.of === undefined ? undefined : 'post') };
  },
  'step.completed': (s, e) => {
    const j = job(s, e.jobKey);
    // A skipped step is recorded without a start.
    j.steps[e.index] ??= { index: e.index, attempt: e.attempt, status: 'pending', name: e.name ?? '', repeatSafe: true, outputs: {}, annotations: [], of: e.of, phase: e.phase ?? (e.of === undefined ? undefined : 'post') };
    const st = j.steps[e.index]!;
    Object.assign(st, {
      status: 'completed', outcome: e.outcome, conclusion: e.conclusion, outputs: e.outputs, sealedOutputs: e.sealedOutputs,
      env: e.env, path: e.path, state: e.state, summary: e.summary, annotations: e.annotations ?? [], error: e.error,
      completedAt: e.at, retryAt: undefined, post: e.post,
    });
    st.startedAt ??= e.at;
  },
  'step.retry-scheduled': (s, e) => {
    const st = step(s, e.jobKey, e.index);
    Object.assign(st, { status: 'pending', retryAt: e.fireAt, error: e.error, attempt: e.attempt });
    // A deliberate retry starts afresh: what the failed attempt recorded is not replayed.
    const prefix = `${stepKeyOf(e.jobKey, e.index)}@`;
    for (const key of s.records.keys()) if (key.startsWith(prefix)) s.records.delete(key);
  },
  'step.interrupted': (s, e) => {
    const st = step(s, e.jobKey, e.index);
    Object.assign(st, { status: 'pending', interrupted: true, attempt: e.attempt });
  },
  'wait.started': (s, e) => {
    s.waits.set(e.key, { key: e.key, stepKey: e.stepKey, kind: e.kind, fireAt: e.fireAt, signal: e.signal, approvers: e.approvers, message: e.message });
  },
  'wait.completed': (s, e) => {
    const w = s.waits.get(e.key);
    if (w) w.result = e.result;
  },
  'step.recorded': (s, e) => void s.records.set(e.key, e.value),
  'step.usage': (s, e) => {
    const totals = s.usage.get(e.stepKey) ?? emptyUsage();
    addUsage(totals, e);
    s.usage.set(e.stepKey, totals);
  },
};

/** Applies one event to the state (mutating it) and returns it. */
export function applyEvent(state: RunState, event: HistoryEvent): RunState {
  if (event.seq !== state.lastSeq + 1) throw new Error(`history gap in run ${state.id}: expected seq ${state.lastSeq + 1}, got ${event.seq}`);
  (handlers[event.type] as Handler<typeof event.type>)(state, event as never);
  state.lastSeq = event.seq;
  state.updatedAt = event.at;
  refreshStatus(state);
  return state;
}

/** The state a run starts with, from its `run.created` event. */
export function initialState(runId: string, created: HistoryEventOf<'run.created'>): RunState {
  return {
    id: runId, status: 'queued', createdAt: created.at, updatedAt: created.at, source: created.workflowSource,
    trigger: created.trigger, options: created.options, concurrencyGroup: created.concurrencyGroup,
    cancelInProgress: created.cancelInProgress, parent: created.parent, groups: new Map(), jobs: new Map(), waits: new Map(), records: new Map(), usage: new Map(),
    decisions: new Map(), lastSeq: created.seq,
  };
}

/** Rebuilds a run's state from its whole history. */
export function replay(runId: string, events: readonly HistoryEvent[]): RunState {
  const [first, ...rest] = events;
  if (first?.type !== 'run.created') throw new Error(`history of run ${runId} does not start with run.created`);
  const state = initialState(runId, first);
  for (const e of rest) applyEvent(state, e);
  return state;
}

/** Open waits: waiting is a status only while nothing else is running. */
function refreshStatus(state: RunState): void {
  if (state.status === 'completed' || state.status === 'queued') return;
  if (state.needsDecision) {
    state.status = 'needs-decision';
    return;
  }
  const openWaits = openWaitsOf(state);
  if (openWaits.length === 0 && state.status === 'running') return;
  const waitingSteps = new Set(openWaits.map((w) => w.stepKey));
  let running = false;
  for (const j of state.jobs.values()) {
    j.status = jobStatus(j, waitingSteps);
    if (j.status === 'running') running = true;
  }
  state.status = !running && openWaits.length > 0 ? 'waiting' : 'running';
}

/** Waits not yet completed. */
export function openWaitsOf(state: RunState): WaitState[] {
  const open: WaitState[] = [];
  for (const w of state.waits.values()) if (!w.result) open.push(w);
  return open;
}

function jobStatus(j: JobState, waitingSteps: Set<string>): JobStatus {
  if (j.status === 'completed' || j.status === 'pending') return j.status;
  let waiting = false;
  for (const s of j.steps) {
    // Only a step that is executing can be waiting; a pending one (interrupted, or retry due) stays pending.
    if (!s || (s.status !== 'running' && s.status !== 'waiting')) continue;
    s.status = waitingSteps.has(stepKeyOf(j.key, s.index)) ? 'waiting' : 'running';
    if (s.status === 'waiting') waiting = true;
  }
  return waiting ? 'waiting' : 'running';
}

/** Totals with nothing counted yet. */
export function emptyUsage(): UsageTotals {
  return { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, unpricedCalls: 0 };
}

/** Adds one model call (or another step's totals) to `totals`. */
export function addUsage(totals: UsageTotals, call: { prompt: number; completion: number; costUsd?: number } | UsageTotals): void {
  if ('calls' in call) {
    totals.calls += call.calls;
    totals.promptTokens += call.promptTokens;
    totals.completionTokens += call.completionTokens;
    totals.costUsd += call.costUsd;
    totals.unpricedCalls += call.unpricedCalls;
    return;
  }
  totals.calls += 1;
  totals.promptTokens += call.prompt;
  totals.completionTokens += call.completion;
  if (call.costUsd === undefined) totals.unpricedCalls += 1;
  else totals.costUsd += call.costUsd;
}

/** The usage of all steps of a run. */
export function totalUsage(byStep: Map<string, UsageTotals>): UsageTotals {
  const totals = emptyUsage();
  for (const step of byStep.values()) addUsage(totals, step);
  return totals;
}
