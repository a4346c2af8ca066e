/**
 * Turns a RunRequest (CLI flags, API body) into the engine's CreateRunInput, rejecting bad input
 * before any state exists: the workflow is parsed and validated, the event and inputs checked,
 * the payload read.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { RunRequest } from '../app-api.ts';
import { AutodevopsError } from '../core/errors.ts';
import type { Trigger } from '../core/events.ts';
import { parseWorkflowText, readWorkflowFile, resolveDispatchInputs } from '../dsl/index.ts';
import type { WorkflowDefinition } from '../dsl/model.ts';
import type { CreateRunInput } from '../engine/engine.ts';
import type { StepRegistry } from '../engine/ports/step.ts';
import { knownEvents } from './known-events.ts';
import { unknownStepKinds } from './validate-files.ts';
import { displayPath } from './display-path.ts';
import { checkRunPolicy } from './run-policy.ts';
import type { HostInfo, RunsOnTable } from './runs-on.ts';

/** What building the input needs from the app. */
export interface RunInputDeps {
  cwd: string;
  env: Record<string, string | undefined>;
  registry: StepRegistry & { names?(): string[] };
  maxParallelJobs?: number;
  /** The `runs-on` table of autodevops.yml. */
  runsOn?: RunsOnTable;
  /** The machine the run is placed on; default this one. */
  host?: HostInfo;
  /** Told what the run policy skips (and other things worth knowing before the run starts). */
  warn?(text: string): void;
}

/** Validates the request and builds the run's input. Throws AutodevopsError (exit 2) for bad input. */
export async function buildRunInput(request: RunRequest, files: string[], deps: RunInputDeps): Promise<CreateRunInput> {
  if (request.event !== undefined && !knownEvents.has(request.event)) {
    throw new AutodevopsError('ADO_EVENT_UNKNOWN', `"${request.event}" is not a GitHub Actions event`, { hint: 'Use an event such as push, pull_request, workflow_dispatch, schedule or issues.' });
  }
  const loaded = await Promise.all(files.map(async (f) => {
    const { text } = await readWorkflowFile(f);
    // Shown and stored relative to the working directory, as GitHub names workflows by repo path.
    const file = displayPath(path.resolve(deps.cwd, request.repositoryRoot ?? '.'), f);
    return { source: { file, text }, workflow: await parseCached(file, text) };
  }));
  const chosen = pickWorkflow(loaded, request.event, request.workflowPath);
  const diagnostics = unknownStepKinds(chosen.workflow, deps.registry);
  if (diagnostics.length > 0) throw new AutodevopsError('ADO_STEP_KIND_UNKNOWN', `${chosen.source.file}: ${diagnostics.length} step(s) cannot run`, { diagnostics });
  const event = request.event ?? defaultEvent(chosen.workflow);
  const workdir = path.resolve(deps.cwd, request.workdir ?? '.');
  const payload = request.eventPayload ?? (request.eventPath ? await readPayload(path.resolve(deps.cwd, request.eventPath)) : {});
  const inputs = dispatchInputs(chosen.workflow, event, request.inputs ?? {}, payload);
  const git = gitInfo(workdir, payload, request);
  const trigger: Trigger = {
    event, payload: event === 'workflow_dispatch' ? { ...payload, inputs } : payload, inputs, ...git, ref: request.ref ?? git.ref, sha: request.sha ?? git.sha,
    actor: request.actor ?? deps.env.GITHUB_ACTOR ?? deps.env.USER ?? 'autodevops',
  };
  const policy = await checkRunPolicy({
    file: chosen.source.file, workflow: chosen.workflow, trigger, workdir, vars: request.vars ?? {}, jobs: request.jobs ?? [], matrix: request.matrix ?? {},
    skipUnsupported: request.skipUnsupported ?? false, registry: deps.registry, env: deps.env, runsOn: deps.runsOn, host: deps.host,
  });
  for (const warning of policy.warnings) deps.warn?.(warning);
  return {
    source: chosen.source, workflow: chosen.workflow, trigger, secrets: request.secrets ?? {},
    options: {
      workdir, jobs: request.jobs ?? [], matrix: request.matrix ?? {}, env: request.env ?? {}, vars: request.vars ?? {},
      maxParallelJobs: deps.maxParallelJobs ?? Math.max(2, availableParallelism()), secretNames: Object.keys(request.secrets ?? {}).sort(),
      ...(Object.keys(policy.skipJobs).length > 0 && { skipJobs: policy.skipJobs }),
    },
  };
}

type Loaded = { source: { file: string; text: string }; workflow: WorkflowDefinition };

/** One workflow file: the only one, or the only one triggered by the event. */
function pickWorkflow(loaded: Loaded[], event: string | undefined, given: string): Loaded {
  if (loaded.length === 1) {
    const only = loaded[0]!;
    if (event !== undefined && !(event in only.workflow.on)) {
      throw new AutodevopsError('ADO_EVENT_UNKNOWN', `${only.source.file} is not triggered by "${event}" (on: ${Object.keys(only.workflow.on).join(', ')})`);
    }
    return only;
  }
  const matching = loaded.filter((l) => event === undefined || event in l.workflow.on);
  if (matching.length === 1) return matching[0]!;
  if (matching.length === 0) throw new AutodevopsError('ADO_WORKFLOW_NOT_FOUND', `no workflow in ${given} is triggered by "${event}"`);
  throw new AutodevopsError('ADO_WORKFLOW_AMBIGUOUS', `${matching.length} workflows in ${given} match: ${matching.map((m) => m.source.file).join(', ')}`);
}

/** push when the workflow has it; otherwise its only (or first) trigger. */
function defaultEvent(workflow: WorkflowDefinition): string {
  const events = Object.keys(workflow.on);
  if (events.includes('push')) return 'push';
  if (events.includes('workflow_dispatch')) return 'workflow_dispatch';
  return events[0] ?? 'push';
}

async function readPayload(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new AutodevopsError('ADO_EVENT_PAYLOAD_INVALID', `${file}: cannot read the event payload (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new AutodevopsError('ADO_EVENT_PAYLOAD_INVALID', `${file}: not JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AutodevopsError('ADO_EVENT_PAYLOAD_INVALID', `${file}: the payload must be a JSON object`);
  return value as Record<string, unknown>;
}

function dispatchInputs(workflow: WorkflowDefinition, event: string, given: Record<string, string>, payload: Record<string, unknown>): Trigger['inputs'] {
  const defs = workflow.on[event]?.inputs;
  if (event === 'workflow_dispatch' || event === 'workflow_call') {
    const fromPayload = (payload.inputs ?? {}) as Record<string, unknown>;
    const merged = { ...Object.fromEntries(Object.entries(fromPayload).map(([k, v]) => [k, String(v)])), ...given };
    return resolveDispatchInputs(defs ?? {}, merged).values;
  }
  if (Object.keys(given).length > 0) throw new AutodevopsError('ADO_INPUT_INVALID', `--input is only for workflow_dispatch runs; this run's event is ${event}`);
  return {};
}

const parsed = new Map<string, Promise<WorkflowDefinition>>();

/** Parsing is pure, so many runs of one file (a busy server, benchmark W2) parse it once. */
function parseCached(file: string, text: string): Promise<WorkflowDefinition> {
  const key = `${file}\0${createHash('sha256').update(text).digest('hex')}`;
  let hit = parsed.get(key);
  if (!hit) {
    if (parsed.size >= 64) parsed.delete(parsed.keys().next().value!);
    hit = parseWorkflowText(file, text);
    hit.catch(() => parsed.delete(key));
    parsed.set(key, hit);
  }
  return hit;
}

const gitCache = new Map<string, { at: number; value: ReturnType<typeof readGit> }>();

/**
 * `github.ref`, `github.sha` and `github.repository`: from the request or the payload, else from the
 * workspace's git checkout (read at most once a second, and not at all when the request and payload
 * name all three: a webhook's push, whose workspace is new each time, would spawn git for nothing).
 */
function gitInfo(workdir: string, payload: Record<string, unknown>, given: Pick<RunRequest, 'ref' | 'sha'>): Pick<Trigger, 'ref' | 'sha' | 'repository'> {
  const named = {
    ref: given.ref ?? (typeof payload.ref === 'string' ? payload.ref : undefined),
    sha: given.sha ?? (typeof payload.after === 'string' ? payload.after : undefined),
    repository: (payload.repository as { full_name?: string } | undefined)?.full_name,
  };
  if (named.ref !== undefined && named.sha !== undefined && named.repository !== undefined) return named;
  let cached = gitCache.get(workdir);
  if (!cached || Date.now() - cached.at > 1000) {
    cached = { at: Date.now(), value: readGit(workdir) };
    // A server dispatches each run in a new workspace: keep the cache from growing without end.
    if (gitCache.size >= 256) gitCache.delete(gitCache.keys().next().value!);
    gitCache.set(workdir, cached);
  }
  const repo = payload.repository as { full_name?: string } | undefined;
  return {
    ref: typeof payload.ref === 'string' ? payload.ref : cached.value.ref,
    sha: typeof payload.after === 'string' ? payload.after : cached.value.sha,
    repository: repo?.full_name ?? cached.value.repository,
  };
}

function readGit(workdir: string): Pick<Trigger, 'ref' | 'sha' | 'repository'> {
  const git = (...args: string[]): string | undefined => {
    const r = spawnSync('git', args, { cwd: workdir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return r.status === 0 ? r.stdout.trim() : undefined;
  };
  // A detached HEAD (a registered version's snapshot) has a sha but no branch.
  const sha = git('rev-parse', '-q', '--verify', 'HEAD');
  const ref = sha === undefined ? undefined : git('symbolic-ref', '-q', 'HEAD');
  const remote = sha === undefined ? undefined : /[:/]([^/:]+\/[^/]+?)(\.git)?$/.exec(git('remote', 'get-url', 'origin') ?? '')?.[1];
  return { ref, sha, repository: remote };
}
