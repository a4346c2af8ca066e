/**
 * `uses: autodevops/wait@v1` — a durable wait: until a time, for a duration, or until a named
 * event (signal) is sent to the run with `autodevops signal <run> <name>`. Survives restarts: the
 * deadline is recorded once, so a restart waits only for what is left.
 *
 * with: until (ISO time) | duration (e.g. 10m) | event (name), timeout (with event).
 * outputs: payload (the event's payload as JSON), timed-out ('true'/'false').
 */
import { permanent } from '../core/failure.ts';
import type { StepExecutor, StepResult } from '../engine/ports/step.ts';
import { durationInput, timeInput } from './step-inputs.ts';

/** The wait step. */
export const waitStep: StepExecutor = {
  async execute(ctx): Promise<StepResult> {
    const w = ctx.step.with;
    const event = w.event === undefined || w.event === '' ? undefined : String(w.event);
    const until = timeInput('until', w.until);
    const duration = durationInput('duration', w.duration);
    if ([event, until, duration].filter((v) => v !== undefined).length !== 1) throw permanent('autodevops/wait needs exactly one of with.until, with.duration or with.event');
    if (event === undefined) {
      // Fixed on the first attempt's clock, so a restart does not start the duration over.
      await ctx.durable.sleepUntil(until ?? ctx.clock.now() + duration!, 'deadline');
      return { outcome: 'success', outputs: { 'timed-out': 'false' } };
    }
    const timeout = durationInput('timeout', w.timeout);
    ctx.log('system', `waiting for event "${event}": autodevops signal ${ctx.runId} ${event}\n`);
    const result = await ctx.durable.waitForSignal(event, { until: timeout === undefined ? undefined : ctx.clock.now() + timeout });
    if (result.kind === 'signal') return { outcome: 'success', outputs: { payload: JSON.stringify(result.payload ?? null), 'timed-out': 'false' } };
    return { outcome: 'failure', outputs: { 'timed-out': 'true' }, error: `No "${event}" event arrived in time` };
  },
};
