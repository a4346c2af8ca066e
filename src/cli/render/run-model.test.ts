import { describe, expect, it } from 'vitest';
import { createdView, EventRecorder, failingRun, t0 } from '../testing/fixtures.ts';
import { RunModel, splitStepKey } from './run-model.ts';

describe('RunModel', () => {
  it('follows a run from its created view to its final state', () => {
    const run = failingRun();
    const model = new RunModel(run.initial);
    for (const e of run.events) if (e.kind === 'history') model.apply(e.event);
    const { view } = model;
    expect([view.status, view.conclusion, view.startedAt, view.completedAt]).toEqual(['completed', 'failure', t0 + 10, t0 + 3770]);
    const [build, deploy] = view.jobs;
    expect(build).toMatchObject({ status: 'completed', conclusion: 'failure', startedAt: t0 + 20, completedAt: t0 + 3750 });
    expect(build!.steps.map((s) => [s.key, s.name, s.status, s.conclusion, s.error])).toEqual([
      ['build/0', 'Checkout', 'completed', 'success', undefined],
      ['build/1', 'Test', 'completed', 'failure', 'Process completed with exit code 1.'],
    ]);
    expect(build!.steps[1]!.annotations).toHaveLength(1);
    expect(deploy).toMatchObject({ status: 'completed', conclusion: 'skipped' });
    expect(run.initial.status).toBe('queued');
  });

  it('is unchanged by applying the same events again (events that raced the snapshot)', () => {
    const run = failingRun();
    const model = new RunModel(run.final);
    for (const e of run.events) if (e.kind === 'history') model.apply(e.event);
    expect(model.view).toEqual(run.final);
  });

  it('creates matrix instances, waits, decisions and retries as the history names them', () => {
    const model = new RunModel(createdView('run-1'));
    const r = new EventRecorder('run-1')
      .history(0, { type: 'job.expanded', jobId: 't', instances: [{ key: 't.0', name: 't (a)', matrix: { x: 'a' } }, { key: 't.1', name: 't (b)', matrix: { x: 'b' } }] })
      .history(1, { type: 'job.started', jobKey: 't.0', attempt: 1 })
      .history(2, { type: 'step.started', jobKey: 't.0', index: 0, attempt: 1, name: 'Gate', repeatSafe: false })
      .history(3, { type: 'wait.started', stepKey: 't.0/0', key: 'w', kind: 'timer', fireAt: t0 + 100 })
      .history(4, { type: 'wait.completed', stepKey: 't.0/0', key: 'w', result: { kind: 'timer' } })
      .history(5, { type: 'step.interrupted', jobKey: 't.0', index: 0, attempt: 1 })
      .history(6, { type: 'run.needs-decision', stepKey: 't.0/0', reason: 'not safe' })
      .history(7, { type: 'run.cancel-requested', reason: 'stop' })
      .history(8, { type: 'run.cancel-requested', reason: 'again' })
      .history(9, { type: 'job.skipped', jobId: 'u', reason: 'if: false' })
      .history(10, { type: 'job.skipped', jobId: 't', reason: 'never mind' });
    const states: string[] = [];
    for (const e of r.events) {
      if (e.kind !== 'history') continue;
      model.apply(e.event);
      const step = model.findStep('t.0/0')?.step;
      states.push(`${model.view.status}/${model.view.jobs[0]!.status}/${step?.status ?? '-'}`);
    }
    expect(states).toEqual([
      'queued/pending/-', 'queued/running/-', 'queued/running/running', 'queued/waiting/waiting', 'queued/running/running',
      'queued/running/pending', 'needs-decision/running/pending', 'needs-decision/running/pending', 'needs-decision/running/pending',
      'needs-decision/running/pending', 'needs-decision/completed/pending',
    ]);
    expect(model.cancelling).toBe('stop');
    expect(model.view.needsDecision).toEqual({ stepKey: 't.0/0', reason: 'not safe' });
    expect(model.view.jobs.map((j) => [j.key, j.name, j.conclusion])).toEqual([['t.0', 't (a)', 'skipped'], ['t.1', 't (b)', 'skipped'], ['u', 'u', 'skipped']]);
    model.apply({ type: 'run.decision', stepKey: 't.0/0', action: 'retry', by: 'me', seq: 20, at: t0 });
    model.apply({ type: 'step.retry-scheduled', jobKey: 't.0', index: 0, attempt: 2, fireAt: t0, error: { message: 'boom', kind: 'retryable' }, seq: 21, at: t0 });
    model.apply({ type: 'job.retry-scheduled', jobKey: 't.0', attempt: 2, fireAt: t0, seq: 22, at: t0 });
    expect([model.view.status, model.view.needsDecision, model.findStep('t.0/0')!.step.error, model.view.jobs[0]!.status]).toEqual(['running', undefined, 'boom', 'pending']);
    model.apply({ type: 'run.completed', conclusion: 'cancelled', seq: 23, at: t0 });
    expect(model.cancelling).toBeUndefined();
    expect(model.findStep('nope/0')).toBeUndefined();
  });

  it('names a step it only learns of from its completion', () => {
    const model = new RunModel(createdView('run-1', [{ key: 'a' }]));
    model.apply({ type: 'step.completed', jobKey: 'a', index: 2, attempt: 1, outcome: 'skipped', conclusion: 'skipped', outputs: {}, seq: 1, at: t0 + 5 });
    expect(model.view.jobs[0]!.steps[0]).toMatchObject({ key: 'a/2', name: 'step 3', startedAt: t0 + 5, completedAt: t0 + 5 });
  });

  it('splits step keys at the last slash', () => {
    expect(splitStepKey('build.0/12')).toEqual({ jobKey: 'build.0', index: 12 });
    expect(splitStepKey('build')).toEqual({ jobKey: 'build', index: -1 });
  });
});
