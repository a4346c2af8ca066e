/**
 * `autodevops validate --compat`: per file, job and step, what will run on this machine, what a
 * built-in replaces, and what cannot run and why — the same analysis the run policy applies, with
 * what is known without a run (the default event, dispatch inputs' defaults, no vars).
 */
import type { FileCompat, JobCompat, StepCompat } from '../app-api.ts';
import type { WorkflowDefinition } from '../dsl/model.ts';
import { parseWorkflowText, readWorkflowFile, resolveDispatchInputs } from '../dsl/index.ts';
import type { StepRegistry } from '../engine/ports/step.ts';
import { analyzeJobs } from './job-support.ts';
import type { JobSupport, SupportContext } from './job-support.ts';
import { githubBeforeRun, lazyRuntime } from './run-policy.ts';
import { currentHost } from './runs-on.ts';
import type { HostInfo, RunsOnTable } from './runs-on.ts';
import { checkFiles } from './validate-files.ts';

/** What the report needs from the app. */
export interface CompatDeps {
  cwd: string;
  env: Record<string, string | undefined>;
  registry: StepRegistry & { names?(): string[] };
  runsOn?: RunsOnTable;
  host?: HostInfo;
}

/** The report for files and directories (every workflow inside), paths relative to `cwd`. */
export async function compatReport(paths: string[], deps: CompatDeps): Promise<FileCompat[]> {
  const checked = await checkFiles(paths, deps.registry, deps.cwd, { allowUnknownSteps: true });
  return Promise.all(checked.map(async ({ file, path, diagnostics }) => {
    if (diagnostics.length > 0) return { file, diagnostics, runnable: false, jobs: [] };
    const workflow = await parseWorkflowText(file, (await readWorkflowFile(path)).text);
    const jobs = (await analyzeJobs(workflow, supportContext(workflow, deps))).map(jobCompat);
    return { file, diagnostics: [], runnable: jobs.every(runnableJob), jobs };
  }));
}

function supportContext(workflow: WorkflowDefinition, deps: CompatDeps): SupportContext {
  const event = Object.hasOwn(workflow.on, 'push') || !Object.hasOwn(workflow.on, 'workflow_dispatch') ? 'push' : 'workflow_dispatch';
  const inputs = defaultInputs(workflow);
  const trigger = { event, payload: {}, inputs, actor: deps.env.USER ?? 'autodevops' };
  return {
    table: deps.runsOn ?? {}, host: deps.host ?? currentHost(), matrixFilter: {},
    contexts: { github: githubBeforeRun(trigger, deps.cwd), inputs, vars: {} },
    registry: deps.registry, workspace: deps.cwd, containerRuntime: lazyRuntime(deps.env.PATH),
  };
}

/** Dispatch (or call) inputs with their defaults; a required input without one reads as empty. */
function defaultInputs(workflow: WorkflowDefinition): Record<string, string | number | boolean> {
  const defs = workflow.on.workflow_dispatch?.inputs ?? workflow.on.workflow_call?.inputs ?? {};
  const optional = Object.fromEntries(Object.entries(defs).map(([name, def]) => [name, { ...def, required: false }]));
  try {
    return resolveDispatchInputs(optional, {}).values;
  } catch {
    return {}; // a default of the wrong type: the run itself will say so
  }
}

function jobCompat(analysed: JobSupport): JobCompat {
  const { job, placement } = analysed;
  const instances = placement.decided ? placement.instances.map(({ name, verdict, labels, reason, fix }) => ({ name, verdict, labels, reason, fix })) : [];
  const problems = [
    ...(analysed.neverRuns === undefined ? [] : [{ reason: analysed.neverRuns }]),
    ...analysed.blockers, ...(placement.decided ? [] : [{ reason: `${placement.reason}; it runs on this machine without a check of its labels` }]),
  ];
  const steps = analysed.steps.map(({ step, index, support }): StepCompat => ({
    index, name: step.name ?? (step.uses !== undefined ? step.uses : `run: ${firstLine(step.run ?? '')}`), verdict: support.verdict, detail: support.detail, reason: support.reason, fix: support.fix, location: step.location,
  }));
  const runsOn = job.uses !== undefined ? `uses: ${job.uses}` : typeof job.runsOn === 'string' ? job.runsOn : JSON.stringify(job.runsOn ?? null);
  const calls = analysed.called?.map(jobCompat);
  const verdict = calls?.some((c) => !runnableJob(c)) ? 'unsupported' : jobVerdict(analysed, instances.map((i) => i.verdict));
  return { id: job.id, verdict, runsOn, instances, problems, steps, ...(calls && { calls }), location: job.location };
}

function jobVerdict(analysed: JobSupport, instances: Array<'local' | 'skip' | 'unsupported'>): JobCompat['verdict'] {
  if (analysed.neverRuns !== undefined) return 'skip';
  if (analysed.job.uses !== undefined) return 'call';
  if (analysed.blockers.length > 0 || analysed.steps.some((s) => s.support.verdict === 'unsupported')) return 'unsupported';
  if (!analysed.placement.decided) return 'undecided';
  const local = instances.filter((v) => v === 'local').length;
  if (local === instances.length) return 'local';
  if (local > 0) return 'partial';
  return instances.includes('unsupported') ? 'unsupported' : 'skip';
}

function runnableJob(job: JobCompat): boolean {
  return job.verdict !== 'unsupported' && !job.instances.some((i) => i.verdict === 'unsupported');
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}
