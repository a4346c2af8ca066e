/**
 * `concurrency:` groups, as GitHub defines them: at most one run of a group runs at a time. With
 * `cancel-in-progress` a new run cancels the running one; without it the new run waits, and an
 * older run still waiting in the group is cancelled in favour of the newer one.
 */
import type { Clock } from '../core/clock.ts';
import type { Store } from './ports/store.ts';
import type { RunExecution } from './run-execution.ts';

/** Waits until the run may start; 'cancelled' when it was cancelled while waiting. */
export async function admitRun(x: RunExecution, store: Store, clock: Clock, pollMs: number, takeCommands: () => Promise<void>, closed: () => boolean): Promise<'started' | 'cancelled' | 'closed'> {
  const group = x.state.concurrencyGroup;
  let cancelledOthers = false;
  for (;;) {
    if (closed()) return 'closed';
    await takeCommands();
    if (x.state.cancelRequested !== undefined) return 'cancelled';
    if (group === undefined) return 'started';
    const others = (await store.listRuns({ concurrencyGroup: group, status: ['queued', 'running', 'waiting', 'needs-decision'], limit: 100 })).filter((r) => r.id !== x.id);
    const started = others.filter((r) => r.status !== 'queued');
    if (!cancelledOthers) {
      const victims = x.state.cancelInProgress ? others : others.filter((r) => r.status === 'queued' && r.createdAt <= x.state.createdAt);
      for (const v of victims) await store.enqueueCommand(v.id, 'cancel', { reason: `cancelled by run ${x.id} in concurrency group "${group}"` }, clock.now());
      cancelledOthers = true;
    }
    if (started.length === 0) return 'started';
    await clock.sleep(pollMs);
  }
}
