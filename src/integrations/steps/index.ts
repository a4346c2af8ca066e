/** The forge steps (`uses: autodevops/<name>@v1`) and what they need from the composition root. */
import type { StepExecutor } from '../../engine/ports/step.ts';
import type { ForgeConnector } from './forge-connection.ts';

export type { CredentialLookup, ForgeConnection, ForgeConnector, ForgeKind, ForgeRoot } from './forge-connection.ts';

/** A step whose module is loaded when it first runs (workflows without forge steps never load them). */
function lazy(connector: ForgeConnector, repeatSafe: boolean, load: () => Promise<(connector: ForgeConnector) => StepExecutor>): StepExecutor {
  let executor: Promise<StepExecutor> | undefined;
  return { repeatSafe, execute: async (ctx) => (await (executor ??= load().then((make) => make(connector)))).execute(ctx) };
}

/** Every forge step by its `uses:` name (without `@ref`). */
export function forgeSteps(connector: ForgeConnector): Record<string, StepExecutor> {
  return {
    // Pushing the same commit again changes nothing and an open pull request is updated: safe to repeat.
    'autodevops/pull-request': lazy(connector, true, async () => (await import('./pull-request-step.ts')).pullRequestStep),
    // Posting twice would duplicate comments: an interrupted attempt waits for a person.
    'autodevops/post-review': lazy(connector, false, async () => (await import('./post-review-step.ts')).postReviewStep),
    'autodevops/issue-comment': lazy(connector, false, async () => (await import('./issue-comment-step.ts')).issueCommentStep),
  };
}
