/** The forge steps (`uses: autodevops/<name>@v1`) and what they need from the composition root. */
import type { StepExecutor } from '../../engine/ports/step.ts';
import type { ForgeConnector } from './forge-connection.ts';
import { issueCommentStep } from './issue-comment-step.ts';
import { postReviewStep } from './post-review-step.ts';
import { pullRequestStep } from './pull-request-step.ts';

export type { CredentialLookup, ForgeConnection, ForgeConnector, ForgeKind, ForgeRoot } from './forge-connection.ts';

/** Every forge step by its `uses:` name (without `@ref`). */
export function forgeSteps(connector: ForgeConnector): Record<string, StepExecutor> {
  return {
    'autodevops/pull-request': pullRequestStep(connector),
    'autodevops/post-review': postReviewStep(connector),
    'autodevops/issue-comment': issueCommentStep(connector),
  };
}
