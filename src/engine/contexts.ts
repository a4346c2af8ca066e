/**
 * The expression contexts of GitHub Actions (`github`, `env`, `vars`, `secrets`, `inputs`, `matrix`,
 * `strategy`, `needs`, `steps`, `job`, `runner`), built from a run's state. Everything here is
 * derived from the history, so a replayed run sees the same values.
 */
import os from 'node:os';
import path from 'node:path';
import type { JobDefinition, WorkflowDefinition } from '../dsl/model.ts';
import type { JobState, RunState } from './run-state.ts';
import type { Conclusion } from '../core/states.ts';

/** Plain-object contexts handed to the expression evaluator. */
export type Contexts = Record<string, unknown>;

/** Where a run keeps its per-job scratch files. */
export interface RunnerPaths {
  temp: string;
  toolCache: string;
}

/** Where GitHub lives for a run: `github.server_url`, `github.api_url`, `github.graphql_url`. */
export interface GithubUrls {
  server_url: string;
  api_url: string;
  graphql_url: string;
}

const dotcom = 'https://github.com';

/**
 * GitHub's URLs as a runner defines them: GitHub.com's, unless `GITHUB_SERVER_URL`, `GITHUB_API_URL`
 * or `GITHUB_GRAPHQL_URL` say otherwise (the run's `--env` first, then the host's environment, as
 * act reads them). A server other than GitHub.com is an Enterprise Server, whose API lives at
 * `<server>/api/v3` and `<server>/api/graphql` unless those are set too.
 */
export function githubUrls(runEnv: Record<string, string>, host: Record<string, string | undefined> = {}): GithubUrls {
  const given = (name: string): string | undefined => {
    const value = (runEnv[name] ?? host[name])?.trim();
    return value ? value.replace(/\/+$/, '') : undefined;
  };
  const server = given('GITHUB_SERVER_URL') ?? dotcom;
  const enterprise = server !== dotcom;
  return {
    server_url: server,
    api_url: given('GITHUB_API_URL') ?? (enterprise ? `${server}/api/v3` : 'https://api.github.com'),
    graphql_url: given('GITHUB_GRAPHQL_URL') ?? (enterprise ? `${server}/api/graphql` : 'https://api.github.com/graphql'),
  };
}

/** `github` context; `host` is the environment of the process that runs it (for GitHub's URLs, see githubUrls). */
export function githubContext(state: RunState, workflow: WorkflowDefinition, jobId?: string, host: Record<string, string | undefined> = {}): Record<string, unknown> {
  const t = state.trigger;
  const ref = t.ref ?? '';
  return {
    event_name: t.event,
    event: t.payload,
    workspace: state.options.workdir,
    ref,
    ref_name: ref.replace(/^refs\/(heads|tags)\//, ''),
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    sha: t.sha ?? '',
    repository: t.repository ?? '',
    repository_owner: (t.repository ?? '').split('/')[0] ?? '',
    actor: t.actor ?? '',
    triggering_actor: t.actor ?? '',
    run_id: state.id,
    run_number: String(t.runNumber ?? 1),
    run_attempt: '1',
    workflow: workflow.name,
    workflow_ref: state.source.file,
    job: jobId ?? '',
    ...githubUrls(state.options.env, host),
    action: '',
    retention_days: '90',
    head_ref: (t.payload.pull_request as { head?: { ref?: string } } | undefined)?.head?.ref ?? '',
    base_ref: (t.payload.pull_request as { base?: { ref?: string } } | undefined)?.base?.ref ?? '',
  };
}

/** `runner` context for the local machine. */
export function runnerContext(paths: RunnerPaths): Record<string, unknown> {
  return {
    name: 'autodevops',
    os: ({ linux: 'Linux', darwin: 'macOS', win32: 'Windows' } as Record<string, string>)[process.platform] ?? process.platform,
    arch: ({ x64: 'X64', arm64: 'ARM64', arm: 'ARM', ia32: 'X86' } as Record<string, string>)[process.arch] ?? process.arch,
    temp: paths.temp,
    tool_cache: paths.toolCache,
    debug: '',
    environment: 'self-hosted',
  };
}

/** Result of a job id for `needs.<id>.result`, over all its instances. */
export function groupResult(state: RunState, jobId: string): Conclusion | undefined {
  const group = state.groups.get(jobId);
  if (!group) return undefined;
  if (group.skipped !== undefined) return 'skipped';
  // One pass without copies: a join job asks this of hundreds of needs each time the run advances.
  let failure = false;
  let cancelled = false;
  let success = false;
  for (const key of group.instances) {
    const job = state.jobs.get(key)!;
    if (job.status !== 'completed') return undefined;
    if (job.conclusion === 'failure') failure = true;
    else if (job.conclusion === 'cancelled') cancelled = true;
    else if (job.conclusion !== 'skipped') success = true;
  }
  return failure ? 'failure' : cancelled ? 'cancelled' : success ? 'success' : 'skipped';
}

/** Outputs of a job id; for a matrix, later-finishing instances overwrite earlier ones, as on GitHub. */
export function groupOutputs(state: RunState, jobId: string): Record<string, string> {
  const jobs = (state.groups.get(jobId)?.instances ?? []).map((k) => state.jobs.get(k)!);
  jobs.sort((a, b) => (a.completedAt ?? 0) - (b.completedAt ?? 0));
  return Object.assign({}, ...jobs.map((j) => j.outputs)) as Record<string, string>;
}

/** `needs` context of a job: its direct dependencies' results and outputs. */
export function needsContext(state: RunState, job: JobDefinition): Record<string, unknown> {
  const needs: Record<string, unknown> = {};
  for (const id of job.needs) needs[id] = { result: groupResult(state, id) ?? '', outputs: groupOutputs(state, id) };
  return needs;
}

/** Whether any needed job failed or was cancelled/skipped, for the job-level status functions. */
export function needsStatus(state: RunState, job: JobDefinition): { failed: boolean; allSucceeded: boolean } {
  const results = job.needs.map((id) => groupResult(state, id));
  return {
    failed: results.some((r) => r === 'failure' || r === 'cancelled'),
    allSucceeded: results.every((r) => r === 'success'),
  };
}

/**
 * What a job's completed steps add up to: the `steps` context, `$GITHUB_ENV` and `$GITHUB_PATH`
 * changes, and whether one failed. Steps complete in order and stay completed within a job
 * attempt, so this grows incrementally — O(1) per step instead of O(steps) (1,000-step jobs).
 */
interface JobAccumulator {
  attempt: number;
  upTo: number;
  steps: Record<string, unknown>;
  env: Record<string, string>;
  path: string[];
  failed: boolean;
}

const accumulators = new WeakMap<JobState, JobAccumulator>();

/** The accumulated effects of a job's completed steps (memoised; read-only for callers). */
export function jobAccumulator(job: JobState, def: JobDefinition, outputsOf: (index: number) => Record<string, string>): JobAccumulator {
  let acc = accumulators.get(job);
  if (!acc || acc.attempt !== job.attempt) {
    acc = { attempt: job.attempt, upTo: 0, steps: {}, env: {}, path: [], failed: false };
    accumulators.set(job, acc);
  }
  for (let s = job.steps[acc.upTo]; s !== undefined && s.status === 'completed'; s = job.steps[++acc.upTo]) {
    const id = def.steps[s.index]?.id;
    if (id !== undefined) acc.steps[id] = { outputs: outputsOf(s.index), outcome: s.outcome, conclusion: s.conclusion };
    if (s.env) Object.assign(acc.env, s.env);
    if (s.path) acc.path.unshift(...[...s.path].reverse());
    if (s.conclusion === 'failure') acc.failed = true;
  }
  return acc;
}

/** `steps` context of a job instance: only steps with a user-written `id`, as on GitHub. */
export function stepsContext(job: JobState, def: JobDefinition, outputsOf: (index: number) => Record<string, string>): Record<string, unknown> {
  return jobAccumulator(job, def, outputsOf).steps;
}

/** The job's status so far, for `job.status` and the step-level status functions. */
export function jobSoFar(job: JobState): 'success' | 'failure' {
  const acc = accumulators.get(job);
  if (acc?.attempt === job.attempt && acc.upTo === job.steps.length) return acc.failed ? 'failure' : 'success';
  return job.steps.some((s) => s.status === 'completed' && s.conclusion === 'failure') ? 'failure' : 'success';
}

/** PATH additions from earlier steps' `$GITHUB_PATH`, most recent first. */
export function pathFromSteps(job: JobState, def: JobDefinition, outputsOf: (index: number) => Record<string, string>): string[] {
  return jobAccumulator(job, def, outputsOf).path;
}

/** The `strategy` context of a job instance. */
export function strategyContext(job: JobState, failFast: boolean, maxParallel: number): Record<string, unknown> {
  return { 'fail-fast': failFast, 'job-index': job.instanceIndex, 'job-total': job.instanceTotal, 'max-parallel': maxParallel };
}

/** Default runner paths inside the data directory. */
export function runnerPaths(dataDir: string): RunnerPaths {
  return { temp: path.join(dataDir, 'tmp'), toolCache: path.join(dataDir, 'tool-cache') };
}

/** The host variables passed to steps; everything else of the host stays out (no accidental token leaks). */
export function hostEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const keep = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TERM', 'TZ', 'TMPDIR'];
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && (keep.includes(k) || k.startsWith('LC_'))) out[k] = v;
  out.HOME ??= os.homedir();
  return out;
}
