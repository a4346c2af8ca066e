/**
 * Everything about a job that decides whether it can run on this machine: where its instances are
 * placed (`runs-on`), whether it asks for containers (`container:`, `services:`), and how each step
 * runs. The run policy (policy.ts) and `validate --compat` (compat.ts) both read this.
 */
import type { JobDefinition, StepDefinition, TemplateValue, WorkflowDefinition } from '../dsl/model.ts';
import { calledInputs, loadCalledWorkflow, maxCallDepth } from './called-workflow.ts';
import { placeJobInstances, skippedBeforeRun } from './job-placement.ts';
import type { JobPlacement, PlacementContext } from './job-placement.ts';
import { stepSupport } from './step-support.ts';
import type { StepSupport, StepSupportContext } from './step-support.ts';

/** What analysing jobs needs. */
export type SupportContext = PlacementContext & StepSupportContext;

/** Something of the job itself that cannot run here. */
export interface JobBlocker {
  reason: string;
  fix: string;
}

/** One job, analysed. */
export interface JobSupport {
  job: JobDefinition;
  placement: JobPlacement;
  /** `container:` and `services:`, which need a container engine that autodevops does not drive yet. */
  blockers: JobBlocker[];
  steps: Array<{ step: StepDefinition; index: number; support: StepSupport }>;
  /** For a call of a local reusable workflow: its jobs, analysed the same way. */
  called?: JobSupport[];
  /** Why the job never runs (its `if:` is false before the run); nothing else is analysed then. */
  neverRuns?: string;
}

/**
 * Analyses the workflow's jobs (only `selected` ones when given, as `--job` does). A job whose
 * `if:` is already false before the run (a release-only macOS job on a push) is only marked.
 */
export async function analyzeJobs(workflow: WorkflowDefinition, ctx: SupportContext, selected?: ReadonlySet<string>, depth = 1): Promise<JobSupport[]> {
  const jobs = workflow.jobs.filter((job) => selected === undefined || selected.has(job.id));
  return Promise.all(jobs.map(async (job): Promise<JobSupport> => {
    if (skippedBeforeRun(job, ctx)) return { job, placement: { decided: true, instances: [] }, blockers: [], steps: [], neverRuns: `if: ${job.if} is false for this run` };
    return analyzeJob(job, ctx, depth);
  }));
}

async function analyzeJob(job: JobDefinition, ctx: SupportContext, depth: number): Promise<JobSupport> {
  return {
    job,
    placement: placeJobInstances(job, ctx),
    blockers: await containerBlockers(job, ctx),
    steps: await Promise.all(job.steps.map(async (step, index) => ({ step, index, support: await stepSupport(step, ctx) }))),
    ...(job.uses !== undefined && depth < maxCallDepth && { called: await analyzeCall(job, ctx, depth) }),
  };
}

/** The jobs of the local workflow `job` calls, with the inputs known before the run; none for a remote one. */
async function analyzeCall(job: JobDefinition, ctx: SupportContext, depth: number): Promise<JobSupport[] | undefined> {
  const called = await loadCalledWorkflow(job.uses!, ctx.workspace);
  if (called === undefined) return undefined;
  const contexts = { ...ctx.contexts, inputs: calledInputs(called, job.with) };
  return analyzeJobs(called, { ...ctx, contexts, matrixFilter: {} }, undefined, depth + 1);
}

async function containerBlockers(job: JobDefinition, ctx: StepSupportContext): Promise<JobBlocker[]> {
  const wanted: Array<[string, string]> = [];
  if (job.container !== undefined && job.container !== null) {
    wanted.push([`container: ${imageOf(job.container)}`, 'Pass --skip-unsupported to skip this job, or remove `container:` to run its steps directly on this machine.']);
  }
  const services = serviceNames(job.services);
  if (services.length > 0) {
    wanted.push([`services (${services.join(', ')})`, 'Pass --skip-unsupported to skip this job, or start the services yourself and remove `services:`.']);
  }
  if (wanted.length === 0) return [];
  const runtime = await ctx.containerRuntime();
  const needs = runtime === undefined
    ? 'a container engine (Docker or Podman), none answers here, and autodevops cannot run containers yet'
    : `the container runtime (${runtime} is available), which autodevops does not drive yet (not implemented)`;
  return wanted.map(([what, fix]) => ({ reason: `${what} ${what.startsWith('services') ? 'need' : 'needs'} ${needs}`, fix }));
}

function imageOf(container: TemplateValue): string {
  if (typeof container === 'string') return container;
  const image = (container as { image?: unknown } | null)?.image;
  return typeof image === 'string' ? image : JSON.stringify(container);
}

function serviceNames(services: TemplateValue | undefined): string[] {
  if (typeof services === 'string') return [services];
  if (services === undefined || services === null || typeof services !== 'object' || Array.isArray(services)) return [];
  return Object.keys(services);
}
