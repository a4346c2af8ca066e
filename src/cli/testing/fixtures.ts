/**
 * Recorded runs for the CLI's tests: the view `getRun` returns when a run starts, the engine
 * events that follow, and the final view. Timestamps are fixed so output is deterministic.
 */
import type { HistoryEvent, LogChunk, NewHistoryEvent } from '../../core/events.ts';
import type { EngineEvent, RunView } from '../../core/views.ts';
import { RunModel } from '../render/run-model.ts';

/** The instant recorded runs start at. */
export const t0 = 1_700_000_000_000;

/** A run as the fake App plays it. */
export interface RecordedRun {
  initial: RunView;
  events: EngineEvent[];
  final: RunView;
}

/** A freshly created run with the given jobs pending. */
export function createdView(id: string, jobs: Array<{ key: string; needs?: string[] }> = [], event = 'push'): RunView {
  return {
    id, workflowName: 'ci', workflowFile: '.github/workflows/ci.yml', trigger: { event, payload: {}, inputs: {} }, status: 'queued', createdAt: t0,
    jobs: jobs.map((j) => ({ key: j.key, jobId: j.key, name: j.key, status: 'pending', needs: j.needs ?? [], outputs: {}, steps: [] })),
  };
}

/** Builds engine events with consecutive seq numbers; `at` is milliseconds after t0. */
export class EventRecorder {
  readonly events: EngineEvent[] = [];
  readonly #runId: string;
  #seq = 0;
  #logSeq = 0;

  constructor(runId: string) {
    this.#runId = runId;
  }

  history(after: number, event: NewHistoryEvent): this {
    this.events.push({ kind: 'history', runId: this.#runId, event: { ...event, seq: ++this.#seq, at: t0 + after } as HistoryEvent });
    return this;
  }

  log(after: number, stepKey: string, text: string, stream: LogChunk['stream'] = 'stdout'): this {
    this.events.push({ kind: 'log', runId: this.#runId, chunk: { runId: this.#runId, stepKey, seq: ++this.#logSeq, at: t0 + after, stream, text } });
    return this;
  }
}

/** The final view: the initial one with every history event applied. */
export function finalView(initial: RunView, events: EngineEvent[]): RunView {
  const model = new RunModel(initial);
  for (const e of events) if (e.kind === 'history') model.apply(e.event);
  return model.view;
}

const created = (): NewHistoryEvent => ({
  type: 'run.created', workflowSource: { file: '.github/workflows/ci.yml', sha256: 'x', text: '' }, trigger: { event: 'push', payload: {}, inputs: {} },
  options: { workdir: '/w', jobs: [], matrix: {}, env: {}, vars: {}, maxParallelJobs: 2, secretNames: [] },
});

/** build (Checkout ✓, Test ✗ with an annotation and a log group), deploy skipped; the run fails. */
export function failingRun(id = 'run-1'): RecordedRun {
  const r = new EventRecorder(id)
    .history(0, created())
    .history(10, { type: 'run.started' })
    .history(20, { type: 'job.started', jobKey: 'build', attempt: 1 })
    .history(30, { type: 'step.started', jobKey: 'build', index: 0, attempt: 1, name: 'Checkout', repeatSafe: true })
    .log(40, 'build/0', 'checked out\n')
    .history(1230, { type: 'step.completed', jobKey: 'build', index: 0, attempt: 1, outcome: 'success', conclusion: 'success', outputs: {} })
    .history(1240, { type: 'step.started', jobKey: 'build', index: 1, attempt: 1, name: 'Test', repeatSafe: true })
    .log(1250, 'build/1', '::group::Install\nnpm ci\nadded 3 packages\n::endgroup::\n')
    .log(1260, 'build/1', 'running tests\n')
    .log(1270, 'build/1', 'FAIL a.test.ts\n', 'stderr')
    .history(3740, {
      type: 'step.completed', jobKey: 'build', index: 1, attempt: 1, outcome: 'failure', conclusion: 'failure', outputs: {},
      error: { message: 'Process completed with exit code 1.', kind: 'failed' },
      annotations: [{ level: 'error', message: 'expected 1 to be 2', file: 'a.test.ts', line: 3, col: 5 }],
    })
    .history(3750, { type: 'job.completed', jobKey: 'build', conclusion: 'failure', outcome: 'failure', outputs: {} })
    .history(3760, { type: 'job.skipped', jobId: 'deploy', reason: 'needs build, which failed' })
    .history(3770, { type: 'run.completed', conclusion: 'failure' });
  const initial = createdView(id, [{ key: 'build' }, { key: 'deploy', needs: ['build'] }]);
  return { initial, events: r.events, final: finalView(initial, r.events) };
}

/** One job, one step printing `hello`; the run succeeds with an output. */
export function successRun(id = 'run-1'): RecordedRun {
  const r = new EventRecorder(id)
    .history(10, { type: 'run.started' })
    .history(20, { type: 'job.started', jobKey: 'hello', attempt: 1 })
    .history(30, { type: 'step.started', jobKey: 'hello', index: 0, attempt: 1, name: 'Say hello', repeatSafe: true })
    .log(40, 'hello/0', 'hello\n')
    .history(530, { type: 'step.completed', jobKey: 'hello', index: 0, attempt: 1, outcome: 'success', conclusion: 'success', outputs: { greeting: 'hello' } })
    .history(540, { type: 'job.completed', jobKey: 'hello', conclusion: 'success', outcome: 'success', outputs: { greeting: 'hello' } })
    .history(550, { type: 'run.completed', conclusion: 'success' });
  const initial = createdView(id, [{ key: 'hello' }]);
  return { initial, events: r.events, final: finalView(initial, r.events) };
}

/** A deploy step waiting for approval by alice; the run is left waiting. */
export function waitingRun(id = 'run-1'): RecordedRun {
  const r = new EventRecorder(id)
    .history(10, { type: 'run.started' })
    .history(20, { type: 'job.started', jobKey: 'deploy', attempt: 1 })
    .history(30, { type: 'step.started', jobKey: 'deploy', index: 0, attempt: 1, name: 'Approve', repeatSafe: true })
    .history(40, { type: 'wait.started', stepKey: 'deploy/0', key: 'w1', kind: 'approval', approvers: ['alice'], message: 'Ship it?' });
  const initial = createdView(id, [{ key: 'deploy' }]);
  const final = { ...finalView(initial, r.events), status: 'waiting' as const };
  return { initial, events: r.events, final };
}

/** A run whose events stop while the step runs; it ends only when cancelled. */
export function longRun(id = 'run-1'): RecordedRun {
  const r = new EventRecorder(id)
    .history(10, { type: 'run.started' })
    .history(20, { type: 'job.started', jobKey: 'slow', attempt: 1 })
    .history(30, { type: 'step.started', jobKey: 'slow', index: 0, attempt: 1, name: 'Sleep', repeatSafe: true });
  const initial = createdView(id, [{ key: 'slow' }]);
  const cancelled = new EventRecorder(id);
  const final = finalView(finalView(initial, r.events), cancelled.history(900, { type: 'run.completed', conclusion: 'cancelled' }).events);
  return { initial, events: r.events, final };
}
