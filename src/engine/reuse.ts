/**
 * `retry --failed`: the events of the jobs that succeeded in an earlier run, renumbered to follow a
 * new run's `run.created`, so the new run starts with those jobs already done.
 */
import type { HistoryEvent } from '../core/events.ts';
import { groupResult } from './contexts.ts';
import type { RunState } from './run-state.ts';

const jobIdOf = (jobKey: string): string => jobKey.split('/')[0]!.split('.')[0]!;

function jobOf(e: HistoryEvent): string | undefined {
  if (e.type === 'job.expanded' || e.type === 'job.skipped') return e.jobId;
  if ('jobKey' in e) return jobIdOf(e.jobKey);
  if (e.type === 'wait.started' || e.type === 'wait.completed') return jobIdOf(e.stepKey);
  return undefined;
}

/** The successful jobs' events from `history`, with seqs 2, 3, … */
export function reusedEvents(old: RunState, history: HistoryEvent[]): HistoryEvent[] {
  const keep = new Set([...old.groups.keys()].filter((id) => groupResult(old, id) === 'success'));
  let seq = 1;
  return history.filter((e) => {
    const job = jobOf(e);
    return job !== undefined && keep.has(job);
  }).map((e) => ({ ...e, seq: ++seq }));
}
