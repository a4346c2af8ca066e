/**
 * Reusable workflows (`jobs.<id>.uses`): the calling job starts a child run of the called workflow
 * (trigger `workflow_call` semantics: inputs from `with:`, secrets mapped or inherited) and ends with
 * the child's conclusion and its `on.workflow_call.outputs`. The child's id is derived from the job,
 * so a restart finds the child it already created instead of starting a second one.
 */
import { AutodevopsError } from '../core/errors.ts';
import type { NewHistoryEvent } from '../core/events.ts';
import type { Conclusion } from '../core/states.ts';
import type { RunView } from '../core/views.ts';
import { resolveDispatchInputs } from '../dsl/index.ts';
import type { JobDefinition, WorkflowDefinition } from '../dsl/model.ts';
import { needsContext } from './contexts.ts';
import { evalStrings, evalTemplate, evalValue, toText } from './expr.ts';
import type { RunExecution } from './run-execution.ts';
import type { JobState } from './run-state.ts';

/** GitHub allows four levels of nested reusable workflows. */
export const maxCallDepth = 4;

/** Reads the called workflow's text: a local `./path` in the workspace, or a remote reference. */
export type WorkflowLoader = (uses: string, workdir: string) => Promise<{ file: string; text: string }>;

/** What calling needs from the engine. */
export interface CallDeps {
  load: WorkflowLoader;
  workflowOf(source: { file: string; text: string }): Promise<WorkflowDefinition>;
  /** The workflow an existing run executes. */
  workflowOfRun(runId: string): Promise<WorkflowDefinition>;
  github(x: RunExecution, jobId: string): Record<string, unknown>;
  /** Creates the child run unless it exists already (a restart). */
  createChild(id: string, input: ChildInput): Promise<void>;
  execute(runId: string): Promise<RunView>;
}

/** The child run's input. */
export interface ChildInput {
  source: { file: string; text: string };
  workflow: WorkflowDefinition;
  inputs: Record<string, string | number | boolean>;
  secrets: Record<string, string>;
  parent: { runId: string; jobKey: string; depth: number };
}

/** The child run id of a job attempt. */
export const childRunId = (x: RunExecution, job: JobState): string => `${x.id}.${job.key}.${job.attempt}`;

/** Creates (once) and runs the child; returns the events that complete the calling job. */
export async function callWorkflow(x: RunExecution, job: JobState, def: JobDefinition, deps: CallDeps, record: (e: NewHistoryEvent) => Promise<void>): Promise<NewHistoryEvent[]> {
  try {
    let workflow: WorkflowDefinition | undefined;
    if (!job.child) {
      const depth = (x.state.parent?.depth ?? 0) + 1;
      if (depth > maxCallDepth) throw new AutodevopsError('ADO_WORKFLOW_INVALID', `reusable workflows nest at most ${maxCallDepth} levels deep`);
      const source = await deps.load(def.uses!, x.state.options.workdir);
      workflow = await deps.workflowOf(source);
      const id = childRunId(x, job);
      await deps.createChild(id, childInput(x, job, def, source, workflow, depth, deps));
      await record({ type: 'job.called', jobKey: job.key, childRunId: id, workflow: source.file });
    }
    // After a restart the child already exists: its own history says which workflow it runs.
    workflow ??= await deps.workflowOfRun(job.child!.runId);
    const view = await deps.execute(job.child!.runId);
    if (view.status !== 'completed') return [];
    const conclusion: Conclusion = view.conclusion ?? 'failure';
    return [{ type: 'job.completed', jobKey: job.key, conclusion, outcome: conclusion, outputs: callOutputs(x, job, workflow, view, deps) }];
  } catch (e) {
    const message = `jobs.${def.id}.uses ${def.uses}: ${(e as Error).message}`;
    return [{ type: 'job.completed', jobKey: job.key, conclusion: 'failure', outcome: 'failure', outputs: {}, error: message }];
  }
}

function childInput(x: RunExecution, job: JobState, def: JobDefinition, source: { file: string; text: string }, workflow: WorkflowDefinition, depth: number, deps: CallDeps): ChildInput {
  const call = workflow.on.workflow_call;
  if (!call) throw new Error(`${source.file} has no on.workflow_call, so it cannot be called`);
  const ctx = { github: deps.github(x, def.id), needs: needsContext(x.state, def), inputs: x.state.trigger.inputs, vars: x.state.options.vars, matrix: job.matrix ?? {}, secrets: x.secrets };
  const given = evalValue(def.with ?? {}, ctx) as Record<string, unknown>;
  const inputs = resolveDispatchInputs(call.inputs ?? {}, Object.fromEntries(Object.entries(given).map(([k, v]) => [k, toText(v)]))).values;
  const secrets = def.secrets === 'inherit' ? { ...x.secrets } : evalStrings(def.secrets ?? {}, ctx);
  for (const [name, spec] of Object.entries(call.secrets ?? {})) {
    if (spec.required && secrets[name] === undefined) throw new Error(`the called workflow requires the secret ${name}; pass it under secrets: or use secrets: inherit`);
  }
  return { source, workflow, inputs, secrets, parent: { runId: x.id, jobKey: job.key, depth } };
}

/** `on.workflow_call.outputs`, evaluated with the child's `jobs` context. */
function callOutputs(x: RunExecution, job: JobState, workflow: WorkflowDefinition, child: RunView, deps: CallDeps): Record<string, string> {
  const jobs: Record<string, { result?: string; outputs: Record<string, string> }> = {};
  for (const j of child.jobs) {
    const entry = (jobs[j.jobId] ??= { result: j.conclusion, outputs: {} });
    Object.assign(entry.outputs, j.outputs);
    if (j.conclusion === 'failure') entry.result = 'failure';
  }
  const ctx = { jobs, github: deps.github(x, job.jobId), inputs: x.state.trigger.inputs, vars: x.state.options.vars };
  const outputs: Record<string, string> = {};
  for (const [name, out] of Object.entries(workflow.on.workflow_call?.outputs ?? {})) outputs[name] = toText(evalTemplate(out.value, ctx));
  return outputs;
}
