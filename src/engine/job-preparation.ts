/**
 * Preparing a job, as the runner does when it sets up one: finding which steps have a pre phase.
 * Asking a step kind may fetch an action, so this is asynchronous and runs as an effect; the
 * result is recorded (`job.prepared`) so a restarted job does not ask again.
 */
import { evalValue } from './expr.ts';
import { stepContexts } from './job-scheduler.ts';
import type { StepRegistry } from './ports/step.ts';
import type { RunExecution } from './run-execution.ts';
import type { SchedulerDeps } from './scheduler-deps.ts';

/** Looks for the job's pre phases and records them; a step whose question fails has none (its main phase reports why). */
export async function prepareJob(x: RunExecution, jobKey: string, registry: StepRegistry, deps: SchedulerDeps): Promise<void> {
  const job = x.state.jobs.get(jobKey)!;
  const def = x.jobDef(jobKey);
  const pre: Array<{ of: number; if: string; name: string }> = [];
  const ctx = stepContexts(x, job, def, deps);
  for (const [i, step] of def.steps.entries()) {
    const executor = registry.resolve(step);
    if (!executor?.hasPre || step.uses === undefined) continue;
    try {
      const found = await executor.hasPre({ uses: step.uses, with: evalValue(step.with, ctx) as Record<string, unknown> }, x.state.options.workdir);
      if (found) pre.push({ of: i, if: found.if, name: `Pre ${step.name ?? `Run ${step.uses}`}` });
    } catch (e) {
      x.sink(jobKey).write('system', `warning: could not prepare steps[${i}]: ${(e as Error).message}\n`);
    }
  }
  if (x.detached) return;
  x.emit({ type: 'job.prepared', jobKey, pre });
  x.preparing.delete(jobKey);
}
