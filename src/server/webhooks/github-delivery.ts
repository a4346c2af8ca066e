/**
 * GitHub webhook deliveries (`X-GitHub-Event` + JSON payload) as parsed deliveries, with the ref
 * and sha GitHub Actions would give the run (`GITHUB_REF`, `GITHUB_SHA`) where the payload has them.
 * The generic webhook reuses this parser: its payloads follow GitHub's shapes.
 */
import {
  changedFilesOf, defaultBranchRef, delivery, objectAt, textAt, type JsonObject, type ParseResult,
} from './parsed-delivery.ts';
import type { DeliverySource } from './webhook-deps.ts';

type Parser = (payload: JsonObject, source: DeliverySource) => ParseResult;

const ZERO_SHA = /^0+$/;

const push: Parser = (payload, source) => {
  const ref = textAt(payload, 'ref');
  const after = textAt(payload, 'after');
  if (payload.deleted === true || (after !== undefined && ZERO_SHA.test(after))) {
    return { ignored: `the push deletes ${ref ?? 'a ref'}; push workflows do not run for a deleted ref` };
  }
  return delivery({ event: 'push', ref, sha: after, changedFiles: changedFilesOf(payload.commits), payload, source });
};

const pullRequest: Parser = (payload, source) => {
  const pr = objectAt(payload, 'pull_request');
  const number = textAt(payload, 'number') ?? textAt(pr, 'number');
  return delivery({
    event: 'pull_request', action: textAt(payload, 'action'), baseRef: textAt(objectAt(pr, 'base'), 'ref'),
    ref: number === undefined ? undefined : `refs/pull/${number}/merge`, sha: textAt(objectAt(pr, 'head'), 'sha'), payload, source,
  });
};

/** Events whose run is on the default branch and that filter only by activity type. */
const onDefaultBranch = (event: string, action: (payload: JsonObject) => string | undefined): Parser => (payload, source) =>
  delivery({ event, action: action(payload), ref: defaultBranchRef(objectAt(payload, 'repository')), payload, source });

const release: Parser = (payload, source) => {
  const tag = textAt(objectAt(payload, 'release'), 'tag_name');
  return delivery({ event: 'release', action: textAt(payload, 'action'), ref: tag === undefined ? undefined : `refs/tags/${tag}`, payload, source });
};

const workflowDispatch: Parser = (payload, source) =>
  delivery({ event: 'workflow_dispatch', ref: textAt(payload, 'ref'), workflowFile: textAt(payload, 'workflow'), payload, source });

const parsers: Record<string, Parser> = {
  push,
  pull_request: pullRequest,
  issues: onDefaultBranch('issues', (p) => textAt(p, 'action')),
  issue_comment: onDefaultBranch('issue_comment', (p) => textAt(p, 'action')),
  release,
  workflow_dispatch: workflowDispatch,
  // `types` of repository_dispatch filter the event_type, which GitHub also sends as `action`.
  repository_dispatch: onDefaultBranch('repository_dispatch', (p) => textAt(p, 'action') ?? textAt(p, 'event_type')),
};

/** The GitHub events that can start runs. */
export const supportedGithubEvents: readonly string[] = Object.keys(parsers);

/** Parses a GitHub-shaped delivery of `event`; events that start no workflow come back as `ignored`. */
export function parseGithubDelivery(event: string, payload: JsonObject, source: Omit<DeliverySource, 'event' | 'action'>): ParseResult {
  const parser = Object.hasOwn(parsers, event) ? parsers[event] : undefined;
  if (parser === undefined) {
    if (event === 'ping') return { ignored: 'ping: the webhook is set up and its signature verifies' };
    return { ignored: `event "${event}" starts no workflow here (supported: ${supportedGithubEvents.join(', ')})` };
  }
  const action = textAt(payload, 'action');
  return parser(payload, { ...source, event, ...(action !== undefined && { action }) });
}
