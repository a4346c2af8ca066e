/** Builds the read model (`RunView`) of a run from its state. */
import type { JobView, RunView, StepView } from '../core/views.ts';
import type { JobDefinition, WorkflowDefinition } from '../dsl/model.ts';
import { displayName } from './job-scheduler.ts';
import { openWaitsOf, totalUsage, stepKeyOf, type JobState, type RunState, type StepState, type WaitState } from './run-state.ts';
import type { UsageTotals } from '../core/events.ts';

/** The run as `show`, the API and the live view display it. */
export function runView(state: RunState, workflow: WorkflowDefinition): RunView {
  const jobs: JobView[] = [];
  const waits = openWaitsOf(state);
  for (const def of workflow.jobs) {
    const group = state.groups.get(def.id);
    if (!group || group.skipped !== undefined) {
      jobs.push({ key: def.id, jobId: def.id, name: def.id, status: group ? 'completed' : 'pending', conclusion: group ? 'skipped' : undefined, needs: def.needs, outputs: {}, steps: [] });
      continue;
    }
    for (const key of group.instances) jobs.push(jobView(state.jobs.get(key)!, def, waits, state.usage));
  }
  return {
    id: state.id, workflowName: workflow.name, workflowFile: state.source.file, trigger: state.trigger, status: state.status,
    conclusion: state.conclusion, createdAt: state.createdAt, startedAt: state.startedAt, completedAt: state.completedAt, jobs,
    needsDecision: state.needsDecision, parent: state.parent && { runId: state.parent.runId, jobKey: state.parent.jobKey },
    ...(state.usage.size > 0 && { usage: totalUsage(state.usage) }),
  };
}


function jobView(job: JobState, def: JobDefinition, waits: readonly WaitState[], usage: Map<string, UsageTotals>): JobView {
  const steps: StepView[] = def.steps.map((stepDef, index) => {
    const st = job.steps[index];
    const key = stepKeyOf(job.key, index);
    const wait = waits.find((w) => w.stepKey === key);
    return {
      key, index, id: stepDef.id ?? `__${index}`, name: st?.name || stepDef.name || displayName(stepDef), status: st?.status ?? 'pending',
      outcome: st?.outcome, conclusion: st?.conclusion, attempt: st?.attempt ?? 0, startedAt: st?.startedAt, completedAt: st?.completedAt,
      outputs: st?.outputs ?? {}, error: st?.error?.message, annotations: st?.annotations ?? [], usage: usage.get(key),
      waitingFor: wait && { kind: wait.kind, fireAt: wait.fireAt, signal: wait.signal, approvers: wait.approvers, message: wait.message },
    };
  });
  // Pre phases are shown before the steps and post phases after them, as on GitHub.
  const phase = (st: StepState): StepView => ({
    key: stepKeyOf(job.key, st.index), index: st.index, id: `__${st.phase}${st.of}`, name: st.name, status: st.status, outcome: st.outcome,
    conclusion: st.conclusion, attempt: st.attempt, startedAt: st.startedAt, completedAt: st.completedAt, outputs: st.outputs,
    error: st.error?.message, annotations: st.annotations,
  });
  const extra = job.steps.slice(def.steps.length).filter((st): st is StepState => st !== undefined);
  steps.unshift(...extra.filter((st) => st.phase === 'pre').map(phase));
  steps.push(...extra.filter((st) => st.phase !== 'pre').map(phase));
  const summary = job.steps.map((s) => s?.summary ?? '').join('');
  const envWait = waits.find((w) => w.stepKey === job.key);
  return {
    key: job.key, jobId: job.jobId, name: job.name, status: envWait ? 'waiting' : job.status, conclusion: job.conclusion, matrix: job.matrix,
    needs: def.needs, startedAt: job.startedAt, completedAt: job.completedAt, outputs: job.outputs, steps, summary: summary || undefined,
    error: job.error, calls: job.child, waitingFor: envWait && { kind: 'approval', approvers: envWait.approvers, message: envWait.message },
  };
}
