/**
 * What runs a step here, decided before the run: a `run:` step, a built-in replacement of a common
 * action, an orchestrator or custom step kind, a local or remote JavaScript/composite action, or
 * nothing (a Docker container action, an unknown step kind). A local action's metadata is read
 * from the workspace; a remote one is not fetched (its kind is known when its step starts).
 */
import path from 'node:path';
import type { StepDefinition } from '../dsl/model.ts';
import { parseActionText } from '../dsl/index.ts';
import type { StepRegistry } from '../engine/ports/step.ts';
import { loadManifest } from '../steps/actions/action-loader.ts';
import { parseActionReference } from '../steps/actions/action-reference.ts';
import type { ContainerRuntime } from '../steps/actions/container-runtime.ts';
import { builtinActions } from '../steps/builtin/index.ts';
import { stepKindOf } from '../steps/registry.ts';

/** How a step will run here. */
export interface StepSupport {
  /** `undecided`: it depends on files that do not exist yet (a local action checked out by an earlier step). */
  verdict: 'local' | 'builtin' | 'unsupported' | 'undecided';
  /** What runs it, e.g. "local JavaScript action (node20)". */
  detail: string;
  /** Why it cannot run (or cannot be told yet). */
  reason?: string;
  /** What the user can do about it. */
  fix?: string;
  /** True for a Docker container action, which the run policy rejects before the run. */
  container?: boolean;
}

/** What classifying steps needs. */
export interface StepSupportContext {
  /** The app's registry; `names()` tells registered step kinds from actions. */
  registry: StepRegistry & { names?(): string[] };
  /** `github.workspace`, where `./path` actions are. */
  workspace: string;
  /** The container engine available here, asked only when a step needs one. */
  containerRuntime(): Promise<ContainerRuntime | undefined>;
}

/** How `step` will run. */
export async function stepSupport(step: StepDefinition, ctx: StepSupportContext): Promise<StepSupport> {
  if (step.run !== undefined) return { verdict: 'local', detail: `run: step (${step.shell ?? 'bash'})` };
  const uses = step.uses ?? '';
  const executor = ctx.registry.resolve(step);
  if (executor === undefined) {
    return { verdict: 'unsupported', detail: `uses: ${uses}`, reason: `uses: ${uses} is not a step kind autodevops can run`, fix: 'Register the step kind through the programmatic API, or use a run: step.' };
  }
  const kind = stepKindOf(uses);
  if (executor === builtinActions[kind]?.executor) return { verdict: 'builtin', detail: `replaced by the built-in ${kind}` };
  if (ctx.registry.names?.().includes(kind)) {
    return { verdict: 'local', detail: kind.startsWith('autodevops/') ? `orchestrator step ${kind}` : `step kind ${kind} registered through the API` };
  }
  return actionSupport(uses, ctx);
}

async function actionSupport(uses: string, ctx: StepSupportContext): Promise<StepSupport> {
  const reference = parseActionReference(uses);
  if (reference?.kind === 'docker') return dockerSupport(`uses: ${uses}`, ctx);
  if (reference?.kind === 'local') return localActionSupport(uses, reference.path, ctx);
  if (reference?.kind === 'remote') {
    return { verdict: 'local', detail: `remote action ${uses}, fetched with git (a JavaScript or composite action runs here; a Docker one fails when its step starts)` };
  }
  return { verdict: 'local', detail: `uses: ${uses}, handled by a resolver added through the API` };
}

async function localActionSupport(uses: string, relative: string, ctx: StepSupportContext): Promise<StepSupport> {
  let using: string;
  try {
    using = (await loadManifest(path.resolve(ctx.workspace, relative), relative, parseActionText, true)).runs.using;
  } catch (e) {
    const message = (e as Error).message;
    if (!/Can't find/.test(message)) return { verdict: 'unsupported', detail: `local action ${uses}`, reason: message, fix: `Fix the action's metadata in ${relative}.` };
    return { verdict: 'undecided', detail: `local action ${uses}`, reason: `${relative} holds no action.yml now; it must exist when the step starts (e.g. after a checkout)` };
  }
  if (using === 'composite') return { verdict: 'local', detail: `local composite action ${uses}` };
  if (/^node\d+$/.test(using)) return { verdict: 'local', detail: `local JavaScript action ${uses} (${using}, run on Node ${process.versions.node})` };
  return dockerSupport(`local action ${uses}`, ctx);
}

/** A Docker container action: it needs a container engine, and autodevops does not drive one yet. */
async function dockerSupport(detail: string, ctx: StepSupportContext): Promise<StepSupport> {
  const runtime = await ctx.containerRuntime();
  const reason = runtime === undefined
    ? `${detail} is a Docker container action: it needs a container engine (Docker or Podman), none answers here, and autodevops cannot run container actions yet`
    : `${detail} is a Docker container action: it needs the container runtime (${runtime} is available), which autodevops does not drive yet (not implemented)`;
  return { verdict: 'unsupported', detail, reason, fix: 'Pass --skip-unsupported to skip its job, or replace the step with a run: step or a JavaScript action.', container: true };
}
