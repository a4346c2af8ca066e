/**
 * Composite actions (`runs.using: composite`) with GitHub's semantics: the `inputs` context holds
 * the `with:` values and the declared defaults; the nested steps run in order through the step
 * registry (so nested composites, JavaScript actions and built-ins work alike), each with its own
 * `if:` (judged by the status inside the composite), `env:` and `continue-on-error`, and its entry in
 * the composite's own `steps` context. A nested step's `env:` stays inside it; what nested steps
 * write to `$GITHUB_ENV` / `$GITHUB_PATH` reaches the nested steps after them and, as on GitHub,
 * the caller's later steps. The outputs are the `outputs.<id>.value` templates, evaluated at the end.
 */
import { resolve } from 'node:path';
import type { Annotation } from '../../core/events.ts';
import { failureKind, permanent } from '../../core/failure.ts';
import type { ResolvedStep, StepContext, StepRegistry, StepResult } from '../../engine/ports/step.ts';
import { inputText, resolveActionInputs } from './action-inputs.ts';
import type { LoadedAction, ManifestStep } from './action-manifest.ts';
import { postRequest, type NestedPost } from './composite-post.ts';
import { compositeDepthOf, CompositeScope } from './composite-scope.ts';

/** GitHub's limit on composite actions inside composite actions. */
export const MAX_COMPOSITE_DEPTH = 9;

/** What running nested steps needs. */
export interface CompositeDeps {
  registry: StepRegistry;
}

/** Runs a composite action as one step. */
export async function runComposite(ctx: StepContext, action: LoadedAction, deps: CompositeDeps): Promise<StepResult> {
  const depth = compositeDepthOf(ctx) + 1;
  if (depth > MAX_COMPOSITE_DEPTH) throw permanent(`${action.uses}: composite actions are nested more than ${MAX_COMPOSITE_DEPTH} deep (GitHub's limit); is one using itself?`);
  const inputs = resolveActionInputs(ctx, action.manifest);
  const scope = new CompositeScope(ctx, action, inputs.values, depth);
  const summaries: string[] = [];
  const annotations: Annotation[] = [...inputs.warnings];
  const posts: NestedPost[] = [];
  for (const [index, step] of (action.manifest.runs.steps ?? []).entries()) {
    const result = await runNested(scope, index, step, deps, posts);
    if (result?.summary) summaries.push(result.summary);
    annotations.push(...(result?.annotations ?? []));
  }
  const values = scope.expressionValues();
  const outputs = Object.fromEntries(Object.entries(action.manifest.outputs).map(([name, o]) => [name, o.value === undefined ? '' : inputText(ctx.evaluate(o.value, values))]));
  return {
    outcome: scope.failed ? 'failure' : 'success',
    outputs,
    ...(Object.keys(scope.env).length > 0 && { env: { ...scope.env } }),
    ...(scope.path.length > 0 && { path: [...scope.path] }),
    ...(summaries.length > 0 && { summary: summaries.join('') }),
    ...(annotations.length > 0 && { annotations }),
    ...(scope.failed && { error: `A step of ${action.uses} failed` }),
    ...postRequest(ctx, posts),
  };
}

/** Runs (or skips) one nested step and records it; undefined when skipped. */
async function runNested(scope: CompositeScope, index: number, def: ManifestStep, deps: CompositeDeps, posts: NestedPost[]): Promise<StepResult | undefined> {
  const parent = scope.parent;
  if (parent.signal.aborted) throw parent.signal.reason;
  const values = scope.expressionValues();
  const id = def.id ?? `__${index}`;
  let result: StepResult;
  try {
    if (!parent.evaluateCondition(def.if, values, { failed: scope.failed, cancelled: false })) {
      scope.steps[id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      return undefined;
    }
    result = await execute(scope, index, def, deps, posts);
  } catch (e) {
    const kind = failureKind(e);
    if (kind === 'cancelled' || kind === 'timeout') throw e;
    const message = (e as Error)?.message ?? String(e);
    parent.log('system', `##[error]${message}\n`);
    result = { outcome: 'failure', outputs: {}, error: message };
  }
  record(scope, id, def, result);
  return result;
}

/** Runs the nested step; a post phase it asks for is kept for the composite's own post phase. */
async function execute(scope: CompositeScope, index: number, def: ManifestStep, deps: CompositeDeps, posts: NestedPost[]): Promise<StepResult> {
  const executor = deps.registry.resolve(def);
  if (!executor) throw permanent(`uses: ${def.uses} is not a step kind autodevops can run`);
  const { step, env } = resolveNested(scope, index, def);
  const result = await executor.execute(scope.contextFor(index, step, env));
  if (result.post) posts.push({ index, if: result.post.if ?? 'always()', step, env, state: result.state ?? {} });
  return result;
}

/** Evaluates the nested step's own fields; its `env:` first, since the others may read it. */
function resolveNested(scope: CompositeScope, index: number, def: ManifestStep): { step: ResolvedStep; env: Record<string, string> } {
  const parent = scope.parent;
  const values = scope.expressionValues();
  const env = Object.fromEntries(Object.entries(def.env).map(([k, v]) => [k, inputText(parent.evaluate(v, values))]));
  const withEnv = { ...values, env: { ...(values.env as Record<string, unknown>), ...env } };
  const text = (value: string | undefined): string | undefined => (value === undefined ? undefined : inputText(parent.evaluate(value, withEnv)));
  const workspace = parent.env.GITHUB_WORKSPACE ?? parent.step.workingDirectory;
  const step: ResolvedStep = {
    id: def.id ?? `__${index}`,
    name: text(def.name) ?? (def.run !== undefined ? `Run ${def.run.trim().split('\n', 1)[0]}` : `Run ${def.uses}`),
    run: text(def.run),
    uses: def.uses,
    shell: text(def.shell),
    workingDirectory: resolve(workspace, text(def.workingDirectory) ?? '.'),
    with: parent.evaluate(def.with, withEnv) as Record<string, unknown>,
  };
  return { step, env };
}

function record(scope: CompositeScope, id: string, def: ManifestStep, result: StepResult): void {
  scope.absorb(result);
  const values = scope.expressionValues();
  const continues = result.outcome === 'failure' && truthy(scope.parent.evaluate(String(def.continueOnError), values));
  const conclusion = continues ? 'success' : result.outcome;
  scope.steps[id] = { outputs: result.outputs ?? {}, outcome: result.outcome, conclusion };
  if (conclusion === 'failure') scope.failed = true;
}

/** GitHub's truthiness for `continue-on-error`. */
function truthy(value: unknown): boolean {
  if (typeof value === 'string') return value !== '' && value !== 'false';
  return Boolean(value);
}
