/**
 * The CLI's display copy of a run: a RunView from `app.getRun` kept current by the run's live
 * history events. Display only — the engine's own projection (engine/run-state.ts) is the truth,
 * and the final view from `RunHandle.done` replaces this one. Applying an event twice is harmless,
 * so events that raced the initial snapshot can be replayed over it.
 */
import type { HistoryEvent, HistoryEventOf } from '../../core/events.ts';
import type { JobView, RunView, StepView } from '../../core/views.ts';

type Handlers = { [T in HistoryEvent['type']]?: (model: RunModel, event: HistoryEventOf<T>) => void };

/** Splits `build.0/2` into `build.0` and 2. */
export function splitStepKey(stepKey: string): { jobKey: string; index: number } {
  const slash = stepKey.lastIndexOf('/');
  if (slash === -1) return { jobKey: stepKey, index: -1 };
  return { jobKey: stepKey.slice(0, slash), index: Number(stepKey.slice(slash + 1)) };
}

/** A run's view, updated in place by history events. */
export class RunModel {
  view: RunView;
  /** Set once a cancellation was requested, until the run completes. */
  cancelling: string | undefined;

  constructor(view: RunView) {
    this.view = structuredClone(view);
    this.cancelling = undefined;
  }

  /** Applies one history event of this run. */
  apply(event: HistoryEvent): void {
    (handlers[event.type] as ((m: RunModel, e: HistoryEvent) => void) | undefined)?.(this, event);
  }

  /** The job with this key, created when the history names it first. */
  job(key: string, jobId = key, name = key): JobView {
    let job = this.view.jobs.find((j) => j.key === key);
    if (!job) {
      job = { key, jobId, name, status: 'pending', needs: [], outputs: {}, steps: [] };
      this.view.jobs.push(job);
    }
    return job;
  }

  /** The step at `index` of job `jobKey`, created when the history names it first. */
  step(jobKey: string, index: number, name?: string): StepView {
    const job = this.job(jobKey);
    let step = job.steps.find((s) => s.index === index);
    if (!step) {
      step = { key: `${jobKey}/${index}`, index, id: `__${index}`, name: name ?? `step ${index + 1}`, status: 'pending', attempt: 1, outputs: {}, annotations: [] };
      job.steps.push(step);
      job.steps.sort((a, b) => a.index - b.index);
    }
    if (name !== undefined) step.name = name;
    return step;
  }

  /** The step named by a `<jobKey>/<index>` key, if the model knows it. */
  findStep(stepKey: string): { job: JobView; step: StepView } | undefined {
    const { jobKey, index } = splitStepKey(stepKey);
    const job = this.view.jobs.find((j) => j.key === jobKey);
    const step = job?.steps.find((s) => s.index === index);
    return job && step ? { job, step } : undefined;
  }
}

const handlers: Handlers = {
  'run.started': (m, e) => Object.assign(m.view, { status: 'running', startedAt: m.view.startedAt ?? e.at }),
  'run.cancel-requested': (m, e) => {
    m.cancelling ??= e.reason;
  },
  'run.needs-decision': (m, e) => Object.assign(m.view, { status: 'needs-decision', needsDecision: { stepKey: e.stepKey, reason: e.reason } }),
  'run.decision': (m) => Object.assign(m.view, { status: 'running', needsDecision: undefined }),
  'run.completed': (m, e) => {
    Object.assign(m.view, { status: 'completed', conclusion: e.conclusion, completedAt: e.at });
    m.cancelling = undefined;
  },
  'job.expanded': (m, e) => {
    for (const i of e.instances) Object.assign(m.job(i.key, e.jobId, i.name), { name: i.name, matrix: i.matrix });
  },
  'job.skipped': (m, e) => {
    const jobs = m.view.jobs.filter((j) => j.jobId === e.jobId);
    for (const job of jobs.length > 0 ? jobs : [m.job(e.jobId)]) Object.assign(job, { status: 'completed', conclusion: 'skipped', completedAt: e.at });
  },
  'job.started': (m, e) => {
    const job = m.job(e.jobKey);
    Object.assign(job, { status: 'running', conclusion: undefined, startedAt: job.startedAt ?? e.at, completedAt: undefined });
  },
  'job.completed': (m, e) => Object.assign(m.job(e.jobKey), { status: 'completed', conclusion: e.conclusion, outputs: e.outputs, completedAt: e.at }),
  'job.retry-scheduled': (m, e) => Object.assign(m.job(e.jobKey), { status: 'pending', conclusion: undefined }),
  'step.started': (m, e) => {
    Object.assign(m.step(e.jobKey, e.index, e.name), { status: 'running', attempt: e.attempt, startedAt: e.at, completedAt: undefined, error: undefined });
    const job = m.job(e.jobKey);
    if (job.status !== 'completed') job.status = 'running';
  },
  'step.completed': (m, e) => {
    const step = m.step(e.jobKey, e.index);
    Object.assign(step, {
      status: 'completed', outcome: e.outcome, conclusion: e.conclusion, outputs: e.outputs, annotations: e.annotations ?? [],
      error: e.error?.message, completedAt: e.at, waitingFor: undefined,
    });
    step.startedAt ??= e.at;
  },
  'step.retry-scheduled': (m, e) => Object.assign(m.step(e.jobKey, e.index), { status: 'pending', attempt: e.attempt, error: e.error.message }),
  'step.interrupted': (m, e) => Object.assign(m.step(e.jobKey, e.index), { status: 'pending', attempt: e.attempt }),
  'wait.started': (m, e) => {
    const { jobKey, index } = splitStepKey(e.stepKey);
    const waitingFor = { kind: e.kind, fireAt: e.fireAt, signal: e.signal, approvers: e.approvers, message: e.message };
    Object.assign(m.step(jobKey, index), { status: 'waiting', waitingFor });
    m.job(jobKey).status = 'waiting';
  },
  'wait.completed': (m, e) => {
    const { jobKey, index } = splitStepKey(e.stepKey);
    const step = m.step(jobKey, index);
    if (step.status === 'waiting') Object.assign(step, { status: 'running', waitingFor: undefined });
    const job = m.job(jobKey);
    if (job.status === 'waiting') job.status = 'running';
  },
};
