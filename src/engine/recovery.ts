/**
 * Recovery after a crash. A run whose owner died is adopted by another process; every step that
 * was started but has no completion in the history is marked interrupted. Repeat-safe steps then
 * run again (at-least-once); a step declared not safe to repeat stops the run for a person.
 */
import { readFileSync } from 'node:fs';
import type { Owner, RunSummary } from './ports/store.ts';
import type { RunExecution } from './run-execution.ts';
import { stepKeyOf } from './run-state.ts';

/** True when a process can be seen to be alive (same host only); a zombie is dead. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // A killed process whose parent has not reaped it still answers kill(pid, 0).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: trust kill(pid, 0)
  }
}

/**
 * A run is orphaned when its owner is dead (same host) or its lease has expired: a live owner
 * renews every third of the lease, so an expired lease also catches a hung process or a pid that
 * was reused by another program.
 */
export function isOrphan(run: RunSummary, me: Owner, now: number): boolean {
  if (!run.owner) return true;
  if (run.owner.id === me.id) return false;
  if (run.owner.host === me.host && !alive(run.owner.pid)) return true;
  return (run.leaseUntil ?? 0) < now;
}

/** Marks steps interrupted by a crash; the scheduler re-runs them or asks for a decision. */
export function markInterrupted(x: RunExecution): void {
  for (const job of x.state.jobs.values()) {
    for (const st of job.steps) {
      if (!st || (st.status !== 'running' && st.status !== 'waiting')) continue;
      if (x.inflight.has(stepKeyOf(job.key, st.index))) continue;
      x.emit({ type: 'step.interrupted', jobKey: job.key, index: st.index, attempt: st.attempt });
    }
  }
}
