/**
 * What observability needs to know about a run beyond its events: `run.created` is committed with
 * the run and never announced, so the workflow name, the trigger and the creation time come from
 * the run's view, read once when its first event arrives — with the run's workflow as written,
 * when the composition root provides it.
 */
import type { Trigger } from '../core/events.ts';
import type { RunView } from '../core/views.ts';
import { traceIdOf } from './trace-ids.ts';
import type { WorkflowShape } from './workflow-shape.ts';

/** A run's identity and the start times of what was already running (for a resumed run). */
export interface RunInfo {
  runId: string;
  workflowName: string;
  workflowFile: string;
  trigger: Trigger;
  createdAt: number;
  startedAt?: number;
  /** The trace the run's spans belong to: its own, or its caller's for a reusable workflow. */
  traceId: string;
  /** The run and job that called this run (a reusable workflow). */
  parent?: { runId: string; jobKey: string };
  /** Start time by job key and by step key (`<jobKey>/<index>`), from the view when first read. */
  startTimes: Map<string, number>;
  /** Steps that made model calls before this process saw the run (a resumed run). */
  aiSteps: Set<string>;
  /** The run's workflow as written (deployments, step inputs); absent when not provided. */
  workflow?: WorkflowShape;
}

/** The RunInfo of a run's view; `traceId` defaults to the run's own. */
export function runInfoOf(view: RunView, more: { traceId?: string; workflow?: WorkflowShape } = {}): RunInfo {
  const startTimes = new Map<string, number>();
  const aiSteps = new Set<string>();
  for (const job of view.jobs) {
    if (job.startedAt !== undefined) startTimes.set(job.key, job.startedAt);
    for (const step of job.steps) {
      if (step.startedAt !== undefined) startTimes.set(step.key, step.startedAt);
      if (step.usage && step.usage.calls > 0) aiSteps.add(step.key);
    }
  }
  return {
    runId: view.id, workflowName: view.workflowName, workflowFile: view.workflowFile, trigger: view.trigger, createdAt: view.createdAt,
    ...(view.startedAt !== undefined && { startedAt: view.startedAt }), traceId: more.traceId ?? traceIdOf(view.id),
    ...(view.parent && { parent: view.parent }), startTimes, aiSteps, ...(more.workflow && { workflow: more.workflow }),
  };
}
