/**
 * Post phases of actions used inside a composite action (a composite wrapping `actions/cache` or a
 * JavaScript action with `runs.post`). As on GitHub they run after the job's last step: the
 * composite asks the engine for its own post phase and keeps, in its saved state, what each nested
 * post needs (the nested step as resolved, its env, the state it saved); its post phase runs them
 * in reverse order. The state passes through the engine's masking: a secret input reaches a
 * nested post phase as `***`.
 */
import type { Annotation } from '../../core/events.ts';
import { failureKind } from '../../core/failure.ts';
import type { ResolvedStep, StepContext, StepRegistry, StepResult } from '../../engine/ports/step.ts';
import { resolveActionInputs } from './action-inputs.ts';
import type { LoadedAction } from './action-manifest.ts';
import { compositeDepthOf, CompositeScope } from './composite-scope.ts';

/** What a nested step's post phase needs, saved until the composite's post phase. */
export interface NestedPost {
  index: number;
  /** Condition (`post-if`) of the nested post. */
  if: string;
  step: ResolvedStep;
  env: Record<string, string>;
  state: Record<string, string>;
}

/** The composite's state key holding its nested posts (JSON). */
export const nestedPostsKey = 'AUTODEVOPS_COMPOSITE_POSTS';

/** The part of the composite's result that asks for its post phase; nothing when no nested step asked. */
export function postRequest(ctx: StepContext, posts: NestedPost[]): Pick<StepResult, 'post' | 'state'> {
  if (posts.length === 0) return {};
  return { post: { name: `Post ${ctx.step.name}`, if: 'always()' }, state: { [nestedPostsKey]: JSON.stringify(posts) } };
}

/** The composite's post phase: the nested posts in reverse order, each with its own condition. */
export async function runCompositePost(ctx: StepContext, action: LoadedAction, registry: StepRegistry): Promise<StepResult> {
  const scope = new CompositeScope(ctx, action, resolveActionInputs(ctx, action.manifest).values, compositeDepthOf(ctx) + 1);
  const jobStatus = (ctx.contexts.job as { status?: string } | undefined)?.status;
  const status = { failed: jobStatus === 'failure', cancelled: jobStatus === 'cancelled' };
  const annotations: Annotation[] = [];
  let failed = false;
  for (const post of readPosts(ctx.state).reverse()) {
    const executor = registry.resolve({ uses: post.step.uses });
    if (!executor?.post || !ctx.evaluateCondition(post.if, scope.expressionValues(), status)) continue;
    try {
      const result = await executor.post(scope.contextFor(post.index, post.step, post.env, post.state));
      annotations.push(...(result.annotations ?? []));
      failed ||= result.outcome === 'failure';
    } catch (e) {
      const kind = failureKind(e);
      if (kind === 'cancelled' || kind === 'timeout') throw e;
      ctx.log('system', `##[error]${(e as Error).message}\n`);
      failed = true;
    }
  }
  return { outcome: failed ? 'failure' : 'success', outputs: {}, ...(annotations.length > 0 && { annotations }), ...(failed && { error: `A post phase inside ${action.uses} failed` }) };
}

function readPosts(state: Record<string, string>): NestedPost[] {
  try {
    const posts: unknown = JSON.parse(state[nestedPostsKey] ?? '[]');
    return Array.isArray(posts) ? (posts as NestedPost[]) : [];
  } catch {
    return [];
  }
}
