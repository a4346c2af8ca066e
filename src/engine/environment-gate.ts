/**
 * Approval gates through `environment:` — as on GitHub, a job that targets a protected environment
 * waits for a reviewer. Reviewers come from the autodevops configuration (`environments.<name>.approvers`).
 */
import type { JobDefinition } from '../dsl/model.ts';
import type { RunExecution } from './run-execution.ts';
import type { JobState } from './run-state.ts';
import { evalTemplate, toText } from './expr.ts';
import type { SchedulerDeps } from './scheduler-deps.ts';

/** Protection rules by environment name. */
export type Environments = Record<string, { approvers: string[] }>;

/** True when the job may start now; opens or reads the approval wait otherwise. */
export function environmentGate(x: RunExecution, job: JobState, def: JobDefinition, environments: Environments, deps: SchedulerDeps): boolean {
  if (!def.environment) return true;
  const ctx = { github: deps.github(x, def.id), needs: {}, vars: x.state.options.vars, inputs: x.state.trigger.inputs, matrix: job.matrix ?? {} };
  const name = toText(evalTemplate(def.environment.name, ctx));
  const rule = environments[name];
  if (!rule) return true;
  const key = `env:${job.key}@${job.attempt + 1}`;
  const wait = x.state.waits.get(key);
  if (!wait) {
    x.emit({ type: 'wait.started', stepKey: job.key, key, kind: 'approval', approvers: rule.approvers, message: `job ${job.name} deploys to environment "${name}"` });
    return false;
  }
  if (!wait.result) return false;
  if (wait.result.kind === 'approval' && wait.result.approved) return true;
  const why = wait.result.kind === 'approval' ? `rejected by ${wait.result.by}${wait.result.comment ? `: ${wait.result.comment}` : ''}` : 'the approval was not given';
  x.emit({ type: 'job.completed', jobKey: job.key, conclusion: 'failure', outcome: 'failure', outputs: {}, error: `environment "${name}": ${why}` });
  return false;
}
