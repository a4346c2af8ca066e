/**
 * Actions as step kinds: `uses: ./path` (in the workspace), `uses: owner/repo[/path]@ref` (fetched
 * with git, or substituted by an override), `uses: docker://image`. The resolver decides from the
 * text alone whether a `uses:` is an action (validation needs no network); the executor it returns
 * finds the action when the step runs and dispatches on `runs.using`: composite, JavaScript, Docker.
 *
 * @example
 * registry.addResolver(createActionResolver({ parseAction: parseActionText, dataDir, registry }));
 */
import { join, resolve } from 'node:path';
import { permanent } from '../../core/failure.ts';
import type { StepContext, StepExecutor, StepRegistry, StepResult } from '../../engine/ports/step.ts';
import { createActionFetcher, type ActionFetcher } from './action-fetcher.ts';
import { loadManifest } from './action-loader.ts';
import type { LoadedAction, ParseAction } from './action-manifest.ts';
import { parseActionReference, repositoryKey, type ActionReference, type RemoteReference } from './action-reference.ts';
import { runComposite } from './composite-executor.ts';
import { runCompositePost } from './composite-post.ts';
import { detectContainerRuntime } from './container-runtime.ts';
import { runNodeAction, type NodeActionOptions } from './node-action-executor.ts';

/** Configuration of actions. */
export interface ActionResolverOptions {
  parseAction: ParseAction;
  /** Runs the steps inside composite actions. */
  registry: StepRegistry;
  /** Where fetched actions are cached (`<dataDir>/actions`). */
  dataDir: string;
  /** Git server of remote actions; default https://github.com. */
  server?: string;
  /** Use cached actions only. */
  offline?: boolean;
  /** `owner/repo@ref` (or `owner/repo` for every ref) → absolute directory used instead of fetching. */
  overrides?: Record<string, string>;
  /** Environment for git; default process.env. */
  env?: Record<string, string | undefined>;
  node?: NodeActionOptions;
}

/** The resolver to give `registry.addResolver`. */
export type ActionResolver = (step: { uses: string }) => StepExecutor | undefined;

/** A resolver for action references; it keeps one fetcher, so concurrent steps fetch each action once. */
export function createActionResolver(options: ActionResolverOptions): ActionResolver {
  const fetcher = createActionFetcher({ server: options.server ?? 'https://github.com', dataDir: options.dataDir, offline: options.offline ?? false, env: options.env });
  const overrides = new Map(Object.entries(options.overrides ?? {}).map(([key, dir]) => [overrideKey(key), dir]));
  return (step) => {
    const reference = parseActionReference(step.uses);
    return reference && new ActionExecutor(step.uses, reference, { parseAction: options.parseAction, registry: options.registry, node: options.node, fetcher, overrides });
  };
}

interface ExecutorDeps {
  parseAction: ParseAction;
  registry: StepRegistry;
  node?: NodeActionOptions;
  fetcher: ActionFetcher;
  overrides: Map<string, string>;
}

/** One `uses:` reference; finds the action on each phase (cheap for local ones, cached for remote ones). */
class ActionExecutor implements StepExecutor {
  readonly repeatSafe = true;
  readonly #uses: string;
  readonly #reference: ActionReference;
  readonly #deps: ExecutorDeps;

  constructor(uses: string, reference: ActionReference, deps: ExecutorDeps) {
    this.#uses = uses;
    this.#reference = reference;
    this.#deps = deps;
  }

  async execute(ctx: StepContext): Promise<StepResult> {
    const action = await this.#load(workspaceOf(ctx), ctx.signal, (text) => ctx.log('system', text));
    switch (kindOf(action)) {
      case 'composite': return runComposite(ctx, action, { registry: this.#deps.registry });
      case 'node': return runNodeAction(ctx, action, 'main', this.#deps.node);
      default: return dockerUnavailable(ctx, action);
    }
  }

  async post(ctx: StepContext): Promise<StepResult> {
    const action = await this.#load(workspaceOf(ctx), ctx.signal);
    switch (kindOf(action)) {
      case 'composite': return runCompositePost(ctx, action, this.#deps.registry);
      case 'node': return runNodeAction(ctx, action, 'post', this.#deps.node);
      default: return { outcome: 'success', outputs: {} };
    }
  }

  async pre(ctx: StepContext): Promise<StepResult> {
    const action = await this.#load(workspaceOf(ctx), ctx.signal, (text) => ctx.log('system', text));
    return kindOf(action) === 'node' ? runNodeAction(ctx, action, 'pre', this.#deps.node) : { outcome: 'success', outputs: {} };
  }

  async hasPre(_step: { uses?: string; with: Record<string, unknown> }, workspace: string): Promise<{ if: string } | undefined> {
    // GitHub runs no pre phase for local actions: at job set-up the repository is not checked out yet.
    if (this.#reference.kind !== 'remote') return undefined;
    const action = await this.#load(workspace);
    const runs = action.manifest.runs;
    return kindOf(action) === 'node' && runs.pre !== undefined ? { if: runs.preIf ?? 'always()' } : undefined;
  }

  async #load(workspace: string, signal?: AbortSignal, log?: (text: string) => void): Promise<LoadedAction> {
    const ref = this.#reference;
    const uses = this.#uses;
    if (ref.kind === 'docker') return { uses, dir: workspace, repository: '', ref: '', manifest: { name: uses, inputs: {}, outputs: {}, runs: { using: 'docker', image: ref.image } } };
    if (ref.kind === 'local') {
      const dir = resolve(workspace, ref.path);
      return { uses, dir, repository: '', ref: '', manifest: await loadManifest(dir, ref.path, this.#deps.parseAction, true) };
    }
    const dir = join(await this.#repositoryDir(ref, signal, log), ref.path);
    const shownAs = `${ref.owner}/${ref.repo}${ref.path ? `/${ref.path}` : ''}@${ref.ref}`;
    return { uses, dir, repository: `${ref.owner}/${ref.repo}`, ref: ref.ref, manifest: await loadManifest(dir, shownAs, this.#deps.parseAction, false) };
  }

  async #repositoryDir(ref: RemoteReference, signal?: AbortSignal, log?: (text: string) => void): Promise<string> {
    const key = repositoryKey(ref);
    const override = this.#deps.overrides.get(key) ?? this.#deps.overrides.get(key.slice(0, key.indexOf('@')));
    if (override !== undefined) {
      log?.(`Using ${override} for ${ref.owner}/${ref.repo}@${ref.ref} (--action-override)\n`);
      return override;
    }
    const fetched = await this.#deps.fetcher.fetch(ref, signal);
    // Steps sharing one fetch get the same object: only the first that logs tells of it.
    if (!log || announced.has(fetched)) return fetched.dir;
    announced.add(fetched);
    if (fetched.source === 'network') log(`Download action repository '${ref.owner}/${ref.repo}@${ref.ref}' (SHA:${fetched.sha})\n`);
    if (fetched.source === 'cache-unreachable') log(`##[warning]The action server could not be reached; using the cached ${ref.owner}/${ref.repo}@${ref.ref} (SHA:${fetched.sha})\n`);
    return fetched.dir;
  }
}

const announced = new WeakSet<object>();

/** `Owner/Repo@ref` → `owner/repo@ref` (names are case-insensitive on GitHub, refs are not). */
function overrideKey(key: string): string {
  const at = key.indexOf('@');
  return at < 0 ? key.toLowerCase() : `${key.slice(0, at).toLowerCase()}${key.slice(at)}`;
}

function kindOf(action: LoadedAction): 'composite' | 'node' | 'docker' {
  const using = action.manifest.runs.using;
  if (using === 'composite') return 'composite';
  return /^node\d+$/.test(using) ? 'node' : 'docker';
}

/** The workspace, which `./path` actions are relative to (GITHUB_WORKSPACE). */
function workspaceOf(ctx: StepContext): string {
  return ctx.env.GITHUB_WORKSPACE ?? ctx.step.workingDirectory;
}

async function dockerUnavailable(ctx: StepContext, action: LoadedAction): Promise<StepResult> {
  const runtime = await detectContainerRuntime({ path: ctx.env.PATH });
  const what = `Step '${ctx.step.name}' uses ${action.uses}, which is a Docker container action`;
  if (runtime === undefined) throw permanent(`${what}; no Docker or Podman engine is available here. Start one (\`docker info\` must succeed), or replace the step with a run: step or a JavaScript action`);
  throw permanent(`${what}; running Docker container actions is not supported yet (a ${runtime} engine is available). Replace the step with a run: step or a JavaScript action`);
}
