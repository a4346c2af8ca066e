/**
 * What observability needs to know about a run beyond its events: `run.created` is committed with
 * the run and never announced, so the workflow name, the trigger and the creation time come from
 * the run's view, read once when its first event arrives.
 */
import type { Trigger } from '../core/events.ts';
import type { RunView } from '../core/views.ts';

/** A run's identity and the start times of what was already running (for a resumed run). */
export interface RunInfo {
  runId: string;
  workflowName: string;
  workflowFile: string;
  trigger: Trigger;
  createdAt: number;
  startedAt?: number;
  parentRunId?: string;
  /** Start time by job key and by step key (`<jobKey>/<index>`), from the view when first read. */
  startTimes: Map<string, number>;
}

/** The RunInfo of a run's view. */
export function runInfoOf(view: RunView): RunInfo {
  const startTimes = new Map<string, number>();
  for (const job of view.jobs) {
    if (job.startedAt !== undefined) startTimes.set(job.key, job.startedAt);
    for (const step of job.steps) if (step.startedAt !== undefined) startTimes.set(step.key, step.startedAt);
  }
  return {
    runId: view.id, workflowName: view.workflowName, workflowFile: view.workflowFile, trigger: view.trigger, createdAt: view.createdAt,
    ...(view.startedAt !== undefined && { startedAt: view.startedAt }), ...(view.parent && { parentRunId: view.parent.runId }), startTimes,
  };
}
