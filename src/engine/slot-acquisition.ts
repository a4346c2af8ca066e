/**
 * Job-level `concurrency:` — waiting until a job holds its group. A group still held by a finished
 * run is freed; with cancel-in-progress the holder's run is cancelled (GitHub cancels only that job;
 * a run is the smallest thing autodevops can cancel from outside). The wait ends when the job stops
 * pending (cancelled, fail-fast) or the run is given up.
 */
import type { Clock } from '../core/clock.ts';
import type { Store } from './ports/store.ts';
import type { RunExecution } from './run-execution.ts';

/** What the wait needs from the engine. */
export interface SlotDeps {
  store: Store;
  clock: Clock;
  pollMs: number;
  cancel(runId: string, reason: string): Promise<void>;
}

/** Acquires the group for the job (recording it in `x.slots`) or gives up when the job no longer waits. */
export async function acquireSlot(x: RunExecution, want: { jobKey: string; group: string; cancelInProgress: boolean }, deps: SlotDeps): Promise<void> {
  const { jobKey, group } = want;
  let cancelled = false;
  while (!x.detached && x.state.jobs.get(jobKey)?.status === 'pending') {
    const holder = await deps.store.acquireSlot(group, { runId: x.id, jobKey }, deps.clock.now());
    if (!holder) {
      x.slots.set(jobKey, group);
      break;
    }
    const run = await deps.store.getRun(holder.runId);
    if (!run || run.status === 'completed') {
      await deps.store.freeSlot(group, holder);
      continue;
    }
    if (want.cancelInProgress && !cancelled) {
      cancelled = true;
      await deps.cancel(holder.runId, `cancelled by run ${x.id} in concurrency group "${group}"`).catch(() => undefined);
    }
    await deps.clock.sleep(deps.pollMs);
  }
  x.acquiring.delete(jobKey);
}
