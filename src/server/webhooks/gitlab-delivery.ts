/**
 * GitLab webhook deliveries mapped onto the GitHub events workflows are written against, so one
 * workflow file serves both forges. The GitLab names stay in `source` (and the payload is GitLab's):
 *
 * | GitLab (`object_kind`) | event          | action                                                           |
 * | ---------------------- | -------------- | ---------------------------------------------------------------- |
 * | push                   | push           | —  (ref refs/heads/…)                                            |
 * | tag_push               | push           | —  (ref refs/tags/…)                                             |
 * | merge_request          | pull_request   | open→opened, reopen→reopened, close/merge→closed,                |
 * |                        |                | update→synchronize (new commits), labeled, unlabeled or edited;  |
 * |                        |                | others as GitLab names them                                      |
 * | note                   | issue_comment  | created / edited (on issues and merge requests);                 |
 * |                        | commit_comment | on commits                                                       |
 * | issue                  | issues         | open→opened, reopen→reopened, close→closed,                      |
 * |                        |                | update→labeled, unlabeled or edited                              |
 *
 * GitLab reports a label change as an `update` whose `changes.labels` holds the previous and current
 * labels; GitHub sends `labeled` for it (one delivery per label). An update that adds a label is
 * `labeled` (a workflow tells which from `changes.labels`), one that only removes labels `unlabeled`.
 */
import {
  changedFilesOf, delivery, objectAt, textAt, type JsonObject, type ParseResult,
} from './parsed-delivery.ts';
import type { DeliverySource } from './webhook-deps.ts';

type Parser = (payload: JsonObject, source: DeliverySource) => ParseResult;

const ZERO_SHA = /^0+$/;

/** The changed files, unless GitLab cut the commit list short (it sends at most 20 commits). */
function pushedFiles(payload: JsonObject): string[] | undefined {
  const commits = payload.commits;
  const total = payload.total_commits_count;
  if (Array.isArray(commits) && typeof total === 'number' && total > commits.length) return undefined;
  return changedFilesOf(commits);
}

const push: Parser = (payload, source) => {
  const ref = textAt(payload, 'ref');
  const sha = textAt(payload, 'checkout_sha') ?? textAt(payload, 'after');
  if (sha === undefined || ZERO_SHA.test(sha)) return { ignored: `the push deletes ${ref ?? 'a ref'}; push workflows do not run for a deleted ref` };
  return delivery({ event: 'push', ref, sha, changedFiles: pushedFiles(payload), payload, source });
};

/** The titles of a list of GitLab labels. */
function labelTitles(list: unknown): Set<string> {
  const titles = Array.isArray(list) ? list.map((label) => textAt(objectAt(label), 'title')) : [];
  return new Set(titles.filter((t) => t !== undefined));
}

/** `labeled` when an update added a label, `unlabeled` when it only removed some, else undefined. */
function labelAction(payload: JsonObject): 'labeled' | 'unlabeled' | undefined {
  const labels = objectAt(payload, 'changes', 'labels');
  const previous = labelTitles(labels.previous);
  const current = labelTitles(labels.current);
  if ([...current].some((title) => !previous.has(title))) return 'labeled';
  return [...previous].some((title) => !current.has(title)) ? 'unlabeled' : undefined;
}

const mergeRequestActions: Record<string, string> = { open: 'opened', reopen: 'reopened', close: 'closed', merge: 'closed' };

const mergeRequest: Parser = (payload, source) => {
  const attrs = objectAt(payload, 'object_attributes');
  const gitlabAction = textAt(attrs, 'action');
  const updated = (): string => (textAt(attrs, 'oldrev') ? 'synchronize' : labelAction(payload) ?? 'edited');
  const action = gitlabAction === 'update' ? updated() : gitlabAction && (mergeRequestActions[gitlabAction] ?? gitlabAction);
  const iid = textAt(attrs, 'iid');
  return delivery({
    event: 'pull_request', action, baseRef: textAt(attrs, 'target_branch'), ref: iid === undefined ? undefined : `refs/merge-requests/${iid}/head`,
    sha: textAt(objectAt(attrs, 'last_commit'), 'id'), payload, source,
  });
};

function defaultBranchRef(payload: JsonObject): string | undefined {
  const branch = textAt(objectAt(payload, 'project'), 'default_branch');
  return branch === undefined ? undefined : `refs/heads/${branch}`;
}

const note: Parser = (payload, source) => {
  const attrs = objectAt(payload, 'object_attributes');
  const on = textAt(attrs, 'noteable_type');
  if (on === 'Snippet') return { ignored: 'a comment on a snippet starts no workflow' };
  const action = textAt(attrs, 'action') === 'update' ? 'edited' : 'created';
  const sha = on === 'Commit' ? textAt(objectAt(payload, 'commit'), 'id') : undefined;
  return delivery({ event: on === 'Commit' ? 'commit_comment' : 'issue_comment', action, ref: defaultBranchRef(payload), sha, payload, source });
};

const issueActions: Record<string, string> = { open: 'opened', reopen: 'reopened', close: 'closed' };

const issue: Parser = (payload, source) => {
  const gitlabAction = textAt(objectAt(payload, 'object_attributes'), 'action');
  const action = gitlabAction === 'update' ? labelAction(payload) ?? 'edited' : gitlabAction && (issueActions[gitlabAction] ?? gitlabAction);
  return delivery({ event: 'issues', action, ref: defaultBranchRef(payload), payload, source });
};

const parsers: Record<string, Parser> = { push, tag_push: push, merge_request: mergeRequest, note, issue };

/** Parses a GitLab delivery; `eventHeader` is `X-Gitlab-Event` (used in messages, `object_kind` decides). */
export function parseGitlabDelivery(eventHeader: string | undefined, payload: JsonObject, deliveryId: string): ParseResult {
  const kind = textAt(payload, 'object_kind');
  const parser = kind !== undefined && Object.hasOwn(parsers, kind) ? parsers[kind] : undefined;
  if (parser === undefined) {
    return { ignored: `GitLab event "${eventHeader ?? kind ?? 'unknown'}" starts no workflow here (supported: Push, Tag Push, Merge Request, Note, Issue hooks)` };
  }
  const action = textAt(objectAt(payload, 'object_attributes'), 'action');
  return parser(payload, { forge: 'gitlab', event: kind!, deliveryId, ...(action !== undefined && { action }) });
}
