/**
 * The Forge port: what autodevops asks of GitHub, GitLab or any other forge — open or update a
 * pull (merge) request, comment, post review comments on lines, report a commit's status, read an
 * issue, manage its labels and check a person's permission. Every implementation passes the same
 * conformance suite (src/integrations/forge-conformance).
 *
 * Failures are AutodevopsErrors with these codes, and their messages never carry a credential:
 * - ADO_FORGE_AUTH: credentials missing, wrong, expired, or without the needed scope;
 * - ADO_FORGE_NOT_FOUND: the repository, issue or pull request does not exist or cannot be seen;
 * - ADO_FORGE_REFUSED: the forge rejected the change (validation, protected branch, conflict) or kept failing;
 * - ADO_FORGE_RATE_LIMITED: the rate limit is exhausted; the message names the reset time.
 */

/** A repository on a forge: `owner` is a user, organisation or (GitLab) group path. */
export interface RepoRef {
  owner: string;
  name: string;
}

/** What `openOrUpdatePullRequest` needs. */
export interface PullRequestInput {
  repo: RepoRef;
  /** The branch holding the changes; `owner:branch` for a fork. */
  head: string;
  /** The branch the changes should go into. */
  base: string;
  title: string;
  /** Markdown. */
  body: string;
  /** Opens the request as a draft; an existing request keeps its draft state. */
  draft?: boolean;
}

/** A pull request that was opened (`created`) or found open for the same head and updated. */
export interface PullRequestRef {
  number: number;
  /** The page a person opens to review it. */
  url: string;
  created: boolean;
}

/** A comment or review that was posted. */
export interface PostedRef {
  id: number;
  url: string;
}

/** One comment on a line of a pull request's diff. */
export interface LineComment {
  /** Path relative to the repository root. */
  path: string;
  /** 1-based line in the file's new version (`RIGHT`, default) or old version (`LEFT`). */
  line: number;
  body: string;
  side?: 'LEFT' | 'RIGHT';
}

/** The state of a commit status; `error` means the run could not decide (infrastructure failure). */
export type CommitState = 'pending' | 'success' | 'failure' | 'error';

/** What `setStatus` reports on a commit. */
export interface StatusInput {
  repo: RepoRef;
  sha: string;
  state: CommitState;
  /** Names the status; a later call with the same context replaces it. */
  context: string;
  /** One short line; forges cut long ones. */
  description: string;
  /** The run's page. */
  targetUrl: string;
}

/** An issue as autodevops reads it. */
export interface ForgeIssue {
  title: string;
  /** Markdown; empty when the issue has none. */
  body: string;
  labels: string[];
  /** The login of the person who opened it. */
  author: string;
  state: 'open' | 'closed';
  url: string;
}

/** A person's access to a repository, in the forge-neutral scale autodevops decides on. */
export type ForgePermission = 'admin' | 'write' | 'read' | 'none';

/** An issue or pull request of a repository (they share numbers on GitHub; GitLab's issue iid). */
export interface IssueRef {
  repo: RepoRef;
  number: number;
}

/** The forge operations autodevops uses. */
export interface Forge {
  /** Forge kind, for messages (`github`, `gitlab`). */
  readonly kind: string;
  /** Opens a pull request, or updates title, body and base of the open one with the same head. */
  openOrUpdatePullRequest(input: PullRequestInput): Promise<PullRequestRef>;
  /** Adds a comment to an issue or pull request. */
  comment(input: IssueRef & { body: string }): Promise<PostedRef>;
  /** Posts one review holding every line comment; `undefined` when there was nothing to post. */
  reviewComments(input: IssueRef & { commitSha: string; comments: LineComment[]; body?: string }): Promise<PostedRef | undefined>;
  /** Reports a commit's status (a check run where the credentials allow it, else a commit status). */
  setStatus(input: StatusInput): Promise<void>;
  /** Reads an issue. */
  getIssue(input: IssueRef): Promise<ForgeIssue>;
  /** Adds labels to an issue or pull request (labels it already has stay). */
  addLabels(input: IssueRef & { labels: string[] }): Promise<void>;
  /** Removes a label; removing one the issue does not have is not an error. */
  removeLabel(input: IssueRef & { label: string }): Promise<void>;
  /** A user's permission on a repository; `none` for people without access. */
  permissionOf(input: { repo: RepoRef; user: string }): Promise<ForgePermission>;
}
