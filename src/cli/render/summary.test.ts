import { describe, expect, it } from 'vitest';
import type { RunView } from '../../core/views.ts';
import { createColors } from '../colors.ts';
import { createdView, t0 } from '../testing/fixtures.ts';
import { annotationText, summaryLines } from './summary.ts';

const c = createColors(false);

function waitingOn(waitingFor: NonNullable<RunView['jobs'][number]['steps'][number]['waitingFor']>): RunView {
  const view = createdView('run-9', [{ key: 'gate' }]);
  view.status = 'waiting';
  view.jobs[0]!.steps.push({ key: 'gate/0', index: 0, id: 'g', name: 'Wait', status: 'waiting', attempt: 1, outputs: {}, annotations: [], waitingFor });
  return view;
}

describe('summaryLines', () => {
  it('says what the run\'s model calls used and cost', () => {
    const view = createdView('run-7');
    Object.assign(view, { status: 'completed', conclusion: 'success', usage: { calls: 1, promptTokens: 900, completionTokens: 40, costUsd: 0.0011, unpricedCalls: 0 } });
    expect(summaryLines(view, c, t0)[1]).toBe('  usage: 1 model call · 900 prompt + 40 completion tokens · $0.0011');
  });

  it('tells how to send the signal a step waits for', () => {
    expect(summaryLines(waitingOn({ kind: 'signal', signal: 'deployed' }), c, t0)).toEqual([
      '⏸ waiting  ci (push) in 0.0s',
      '  ⏸ gate › Wait waits for signal "deployed"',
      '    send it: autodevops signal run-9 deployed',
      'run run-9 · details: autodevops show run-9',
    ]);
  });

  it('tells when a timer fires and how to continue after it', () => {
    expect(summaryLines(waitingOn({ kind: 'timer', fireAt: Date.UTC(2030, 0, 1) }), c, t0).slice(1, 3)).toEqual([
      '  ⏸ gate › Wait waits until 2030-01-01T00:00:00.000Z',
      '    continue after that: autodevops resume run-9',
    ]);
    expect(summaryLines(waitingOn({ kind: 'timer' }), c, t0)[1]).toBe('  ⏸ gate › Wait waits until a timer');
    expect(summaryLines(waitingOn({ kind: 'approval', message: 'ok?' }), c, t0)[1]).toBe('  ⏸ gate › Wait waits for approval: ok?');
  });

  it('tells how to decide a step that is not safe to repeat, and names a job that failed without a failed step', () => {
    const view = createdView('run-9', [{ key: 'build' }]);
    Object.assign(view, { status: 'needs-decision', startedAt: t0, needsDecision: { stepKey: 'build/0', reason: 'interrupted; not safe to repeat' } });
    view.jobs[0]!.conclusion = 'failure';
    expect(summaryLines(view, c, t0 + 61_000)).toEqual([
      '! needs-decision  ci (push) in 1m 01s',
      '  ✗ build failed',
      '  ! step build/0 needs a decision: interrupted; not safe to repeat',
      '    decide: autodevops resume run-9 --decision retry|skip|fail',
      'run run-9 · details: autodevops show run-9',
    ]);
  });

  it('colours the conclusion', () => {
    const view = { ...createdView('r'), status: 'completed' as const, conclusion: 'success' as const, completedAt: t0 + 1000 };
    expect(summaryLines(view, createColors(true), t0)[0]).toBe('\x1b[32m✓\x1b[39m \x1b[1m\x1b[32msuccess\x1b[39m\x1b[22m  ci (push) in 1.0s');
    expect(summaryLines({ ...view, conclusion: 'cancelled' }, createColors(true), t0)[0]).toContain('\x1b[33mcancelled');
  });

  it('formats annotations with and without a position', () => {
    expect(annotationText({ level: 'warning', message: 'm', file: 'a.ts' }, c)).toBe('warning a.ts: m');
    expect(annotationText({ level: 'notice', message: 'm', title: 'T', file: 'a.ts', line: 2 }, c)).toBe('notice a.ts:2: T: m');
    expect(annotationText({ level: 'error', message: 'm' }, c)).toBe('error: m');
  });
});
