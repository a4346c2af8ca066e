/**
 * Turns a test StepContext (e.g. src/steps/run/testing/step-context.ts) into one for AI steps: the
 * step's `with:` inputs, a durable `record` backed by a Map that two executions can share (a step
 * re-run after a crash sees what the first one recorded), announcements kept for inspection, and a
 * chosen run usage for run-wide budgets.
 */
import type { AiAnnouncement } from '../../../core/ai-calls.ts';
import type { UsageTotals } from '../../../core/events.ts';
import type { StepContext } from '../../../engine/ports/step.ts';
import type { StepWith } from '../step-inputs.ts';

/** What a test may set on top of the base context. */
export interface AiContextOptions {
  with?: StepWith;
  /** Durable records; pass the same map to a second execution to simulate a re-run after a crash. */
  records?: Map<string, unknown>;
  /** What `ctx.runUsage()` reports (the model calls of earlier steps of the run). */
  runUsage?: Partial<UsageTotals>;
  /** What `ctx.runStartedAt()` reports (default: now). */
  runStartedAt?: number;
}

/** What the wrapped context adds for inspection. */
export interface AiContextExtras {
  records: Map<string, unknown>;
  announced: AiAnnouncement[];
}

const noUsage: UsageTotals = { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, unpricedCalls: 0 };

/** Wraps `base` in place (its log, masks and cleanup keep working) and returns it. */
export function forAiStep<C extends StepContext>(base: C, options: AiContextOptions = {}): C & AiContextExtras {
  const records = options.records ?? new Map<string, unknown>();
  const announced: AiAnnouncement[] = [];
  const usage = { ...noUsage, ...options.runUsage };
  // Like the engine, a record is stored as JSON: a replayed value is what survived serialisation.
  const record = async <T>(name: string, compute: () => Promise<T>): Promise<T> => {
    if (records.has(name)) return records.get(name) as T;
    const value = await compute();
    records.set(name, JSON.parse(JSON.stringify(value ?? null)));
    return value;
  };
  return Object.assign(base, {
    step: { ...base.step, with: options.with ?? {} },
    durable: { ...base.durable, record },
    announce: (event: AiAnnouncement) => void announced.push(event),
    runUsage: () => usage,
    runStartedAt: () => options.runStartedAt ?? base.clock.now(),
    records, announced,
  });
}
