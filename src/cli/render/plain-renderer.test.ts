import { describe, expect, it } from 'vitest';
import { createColors } from '../colors.ts';
import { EventRecorder, failingRun, successRun, t0, waitingRun } from '../testing/fixtures.ts';
import type { RecordedRun } from '../testing/fixtures.ts';
import { TextBuffer } from '../testing/text-output.ts';
import { PlainRenderer, waitResultText } from './plain-renderer.ts';

function play(run: RecordedRun, colors = false): string {
  const out = new TextBuffer();
  const renderer = new PlainRenderer({ out, colors: createColors(colors), now: () => t0 + 5000 });
  renderer.begin(run.initial);
  for (const e of run.events) renderer.event(e);
  renderer.finish([run.final]);
  renderer.dispose();
  return out.text;
}

describe('PlainRenderer', () => {
  it('prints append-only progress and prefixed log lines, then the summary', () => {
    expect(play(failingRun())).toBe(`▶ ci (push) · run run-1
[build] ▶ job build
[build] ▶ Checkout
[build/0] checked out
[build] ✓ Checkout (1.2s)
[build] ▶ Test
[build/1] ▸ Install
[build/1] npm ci
[build/1] added 3 packages
[build/1] running tests
[build/1] FAIL a.test.ts
[build] ✗ Test (2.5s)
[build]   Process completed with exit code 1.
[build]   error a.test.ts:3:5: expected 1 to be 2
[build] ✗ job failed (3.7s)
[deploy] ○ job skipped: needs build, which failed

✗ failure  ci (push) in 3.8s
  ✗ build › Test: Process completed with exit code 1.
  error a.test.ts:3:5: expected 1 to be 2
run run-1 · details: autodevops show run-1
`);
  });

  it('tells a waiting run how to approve or reject it', () => {
    const text = play(waitingRun());
    expect(text).toContain('[deploy] ⏸ deploy › Approve waits for approval by alice: Ship it?\n[deploy]   approve: autodevops approve run-1\n[deploy]   reject:  autodevops approve run-1 --reject\n');
    expect(text).toContain('\n⏸ waiting  ci (push) in 5.0s\n');
  });

  it('uses colours only when asked', () => {
    expect(play(successRun())).not.toContain('\x1b[');
    expect(play(successRun(), true)).toContain('\x1b[32m✓\x1b[39m Say hello (0.5s)');
  });

  it('ignores events of runs it does not watch, and prints notes', () => {
    const out = new TextBuffer();
    const renderer = new PlainRenderer({ out, colors: createColors(false) });
    renderer.event(successRun('other').events[0]!);
    renderer.note('Cancelling gracefully');
    expect(out.text).toBe('Cancelling gracefully\n');
  });

  it('describes retries, interruptions, waits ending, decisions, matrix jobs and cancellation', () => {
    const r = new EventRecorder('run-1')
      .history(0, { type: 'job.expanded', jobId: 'test', instances: [{ key: 'test.0', name: 'test (18)', matrix: { node: 18 } }] })
      .history(10, { type: 'job.started', jobKey: 'test.0', attempt: 2 })
      .history(20, { type: 'step.started', jobKey: 'test.0', index: 0, attempt: 2, name: 'Flaky', repeatSafe: true })
      .log(25, 'test.0/0', 'note from the engine', 'system')
      .history(30, { type: 'step.retry-scheduled', jobKey: 'test.0', index: 0, attempt: 3, fireAt: t0 + 2030, error: { message: 'exit 1', kind: 'retryable' } })
      .history(40, { type: 'step.interrupted', jobKey: 'test.0', index: 0, attempt: 3 })
      .history(50, { type: 'run.needs-decision', stepKey: 'test.0/0', reason: 'the step is not safe to repeat' })
      .history(60, { type: 'run.decision', stepKey: 'test.0/0', action: 'skip', by: 'bob' })
      .history(65, { type: 'wait.started', stepKey: 'test.0/0', key: 'w', kind: 'signal', signal: 'go' })
      .history(70, { type: 'wait.completed', stepKey: 'test.0/0', key: 'w', result: { kind: 'signal', payload: 1 } })
      .history(75, { type: 'step.completed', jobKey: 'test.0', index: 1, attempt: 1, outcome: 'skipped', conclusion: 'skipped', outputs: {} })
      .history(80, { type: 'job.retry-scheduled', jobKey: 'test.0', attempt: 3, fireAt: t0 + 60_080 })
      .history(90, { type: 'run.cancel-requested', reason: 'cancelled by user (Ctrl-C)' })
      .history(95, { type: 'run.completed', conclusion: 'cancelled' });
    const text = play({ initial: successRun().initial, events: r.events, final: successRun().final });
    expect(text).toContain(`[test.0] ▶ job test (18) (attempt 2)
[test.0] ▶ Flaky (attempt 2)
[test.0/0] note from the engine
[test.0] ↻ Flaky failed: exit 1; attempt 3 in 2.0s
[test.0] ! Flaky was interrupted
! step test.0/0 needs a decision: the step is not safe to repeat
decision on test.0/0: skip (by bob)
[test.0] ⏸ test (18) › Flaky waits for signal "go"
[test.0]   send it: autodevops signal run-1 go
[test.0/0] ▶ wait ended: signal received
[test.0] ○ step 2 (skipped)
[test.0] ↻ job will retry (attempt 3) in 1m 00s
■ cancelling: cancelled by user (Ctrl-C)
`);
  });

  it('names how each kind of wait ended', () => {
    expect(waitResultText({ kind: 'approval', approved: true, by: 'alice', comment: 'ok' })).toBe('approved by alice (ok)');
    expect(waitResultText({ kind: 'approval', approved: false, by: 'bob' })).toBe('rejected by bob');
    expect(waitResultText({ kind: 'timer' })).toBe('timer fired');
    expect(waitResultText({ kind: 'timeout' })).toBe('timed out');
  });
});
