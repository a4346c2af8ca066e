/**
 * Durable primitives for steps: timers, signals and approvals recorded in the history. A step
 * re-run after a crash calls them again in the same order; each call finds its earlier record by
 * key and resumes the wait (or returns its result) instead of starting over.
 */
import type { NewHistoryEvent, WaitResult } from '../core/events.ts';
import type { DurableContext } from './ports/step.ts';
import type { RunExecution } from './run-execution.ts';

/** What durable waits need from the engine. */
export interface DurableDeps {
  /** Makes the run's pending events durable. */
  flush(x: RunExecution): Promise<void>;
  /** Records a wait's end (if still open) and wakes its waiter once durable. */
  completeWait(x: RunExecution, key: string, result: WaitResult): void;
}

/** The durable context of one step attempt. */
export function durableContext(x: RunExecution, stepKey: string, jobAttempt: number, deps: DurableDeps): DurableContext {
  let calls = 0;
  const keyOf = (given?: string): string => `${stepKey}@${jobAttempt}#${given ?? ++calls}`;

  async function wait(key: string, open: NewHistoryEvent, until?: number): Promise<WaitResult> {
    const existing = x.state.waits.get(key);
    if (existing?.result) return existing.result;
    if (!existing) {
      x.emit(open);
      await deps.flush(x);
    }
    const recorded = x.state.waits.get(key)!;
    if (recorded.result) return recorded.result;
    return new Promise<WaitResult>((resolve) => {
      x.waiters.set(key, () => resolve(x.state.waits.get(key)!.result!));
      const fireAt = recorded.fireAt ?? until;
      if (fireAt !== undefined) x.wakeAt(fireAt, () => deps.completeWait(x, key, recorded.kind === 'timer' ? { kind: 'timer' } : { kind: 'timeout' }));
    });
  }

  return {
    async record(name, compute) {
      const key = `${stepKey}@${jobAttempt}#record:${name}`;
      if (x.state.records.has(key)) return x.state.records.get(key) as Awaited<ReturnType<typeof compute>>;
      const value = await compute();
      // Stored as JSON (what a re-run reads back is what a first run sees after a round trip), with
      // secrets and masked values removed: a record may quote a file or a command's output.
      const json = JSON.stringify(value ?? null);
      x.emit({ type: 'step.recorded', stepKey, key, value: JSON.parse(x.masker.empty ? json : x.masker.mask(json)) as unknown });
      await deps.flush(x);
      return value;
    },
    async sleepUntil(at, given) {
      const key = keyOf(given);
      await wait(key, { type: 'wait.started', stepKey, key, kind: 'timer', fireAt: at });
    },
    waitForSignal(name, options = {}) {
      const key = keyOf(options.key);
      return wait(key, { type: 'wait.started', stepKey, key, kind: 'signal', signal: name, fireAt: options.until }, options.until);
    },
    requestApproval(request) {
      const key = keyOf(request.key);
      const open: NewHistoryEvent = { type: 'wait.started', stepKey, key, kind: 'approval', approvers: request.approvers, message: request.message, fireAt: request.until };
      return wait(key, open, request.until);
    },
  };
}
