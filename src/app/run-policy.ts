/**
 * The run policy applied to one run request, once its trigger is known: the jobs that will run
 * (`--job`) are analysed with the contexts known before the run (github, inputs, vars, `--matrix`)
 * and the policy decides: an ADO_UNSUPPORTED_LOCALLY error, or jobs to skip with warnings.
 */
import type { Trigger } from '../core/events.ts';
import type { WorkflowDefinition } from '../dsl/model.ts';
import type { StepRegistry } from '../engine/ports/step.ts';
import { selectJobs } from '../engine/job-selection.ts';
import { detectContainerRuntime } from '../steps/actions/container-runtime.ts';
import type { ContainerRuntime } from '../steps/actions/container-runtime.ts';
import { analyzeJobs } from './job-support.ts';
import type { SupportContext } from './job-support.ts';
import { enforcePolicy } from './policy.ts';
import type { PolicyOutcome } from './policy.ts';
import { currentHost } from './runs-on.ts';
import type { HostInfo, RunsOnTable } from './runs-on.ts';

/** What the policy needs to know about the run and the machine. */
export interface RunPolicyInput {
  file: string;
  workflow: WorkflowDefinition;
  trigger: Trigger;
  workdir: string;
  vars: Record<string, string>;
  jobs: string[];
  matrix: Record<string, string>;
  skipUnsupported: boolean;
  registry: StepRegistry & { names?(): string[] };
  env: Record<string, string | undefined>;
  runsOn?: RunsOnTable;
  host?: HostInfo;
}

/** Applies the policy; throws ADO_UNSUPPORTED_LOCALLY when something cannot run and skipping was not asked for. */
export async function checkRunPolicy(input: RunPolicyInput): Promise<PolicyOutcome> {
  const ctx: SupportContext = {
    table: input.runsOn ?? {}, host: input.host ?? currentHost(), matrixFilter: input.matrix,
    contexts: { github: githubBeforeRun(input.trigger, input.workdir), inputs: input.trigger.inputs, vars: input.vars },
    registry: input.registry, workspace: input.workdir, containerRuntime: lazyRuntime(input.env.PATH),
  };
  const jobs = await analyzeJobs(input.workflow, ctx, selectJobs(input.workflow, input.jobs));
  return enforcePolicy(input.file, jobs, { skipUnsupported: input.skipUnsupported });
}

/** The `github` context as far as it is known before the run (what `runs-on` and `strategy` may read). */
export function githubBeforeRun(trigger: Trigger, workspace: string): Record<string, unknown> {
  const repository = trigger.repository ?? '';
  const ref = trigger.ref ?? '';
  return {
    event_name: trigger.event, event: trigger.payload, ref, ref_name: ref.replace(/^refs\/(heads|tags)\//, ''), sha: trigger.sha ?? '',
    repository, repository_owner: repository.split('/')[0] ?? '', actor: trigger.actor, workspace,
  };
}

/** Asks for a container engine at most once, and only when a job or step needs one. */
export function lazyRuntime(path: string | undefined): () => Promise<ContainerRuntime | undefined> {
  let found: Promise<ContainerRuntime | undefined> | undefined;
  return () => (found ??= detectContainerRuntime({ path: path ?? '' }));
}
