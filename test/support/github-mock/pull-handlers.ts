/**
 * Default handlers for pull requests: list, create, update and reviews, with the refusals GitHub
 * answers with 422 (unknown branch, a pull request that already exists, no commits between the
 * branches) and the mock's protected-branch refusal.
 */
import { bodyOf, issueOf, notFound, repoOf, userJson, validationFailed, type Handler, type MockRequest, type MockResponse } from './handler-kit.ts';
import type { IssueState, PullState, RepoState } from './mock-state.ts';
import { withSample } from './sample.ts';

type Pull = IssueState & { pull: PullState };

/** The pull request's JSON, on the `pull-request` (or `-simple`) schema. */
export function pullJson(request: MockRequest, repo: RepoState, pr: Pull, component = 'pull-request'): Record<string, unknown> {
  const html = `${request.webUrl}/${repo.owner}/${repo.name}/pull/${pr.number}`;
  const branch = (ref: string): Record<string, unknown> => ({ ref, label: `${repo.owner}:${ref}`, sha: 'a'.repeat(40), user: userJson(repo.owner) });
  return withSample(component, {
    id: pr.number + repo.id * 1000, number: pr.number, title: pr.title, body: pr.body, state: pr.state, draft: pr.pull.draft, html_url: html,
    user: userJson(pr.author), head: branch(pr.pull.head), base: branch(pr.pull.base), labels: [],
  });
}

/** `owner:branch` or `branch` → the branch of this repository, or undefined for another owner's fork. */
function ownBranch(repo: RepoState, head: string): string | undefined {
  const [owner, branch] = head.includes(':') ? head.split(':', 2) : [repo.owner, head];
  return owner?.toLowerCase() === repo.owner.toLowerCase() ? branch : undefined;
}

function openPulls(repo: RepoState): Pull[] {
  return [...repo.issues.values()].filter((i): i is Pull => i.pull !== undefined && i.state === 'open');
}

/** Protected branches cannot be changed through pull requests in the mock (see ForgeMock.protectBranch). */
function protectedRefusal(repo: RepoState, branch: string): MockResponse | undefined {
  if (!repo.protectedBranches.has(branch)) return undefined;
  return validationFailed({ resource: 'PullRequest', code: 'custom', field: 'head', message: `Protected branch update failed for refs/heads/${branch}.` });
}

const listPulls: Handler = (request) => {
  const repo = repoOf(request);
  if (!repo) return notFound();
  const state = request.query.get('state') ?? 'open';
  const head = request.query.get('head');
  const base = request.query.get('base');
  const pulls = [...repo.issues.values()].filter((i): i is Pull => i.pull !== undefined)
    .filter((p) => (state === 'all' || p.state === state) && (!head || ownBranch(repo, head) === p.pull.head) && (!base || p.pull.base === base));
  return { status: 200, body: pulls.map((p) => pullJson(request, repo, p, 'pull-request-simple')) };
};

const createPull: Handler = (request) => {
  const repo = repoOf(request);
  if (!repo) return notFound();
  const body = bodyOf(request) as { head: string; base: string; title?: string; body?: string; draft?: boolean };
  const head = ownBranch(repo, body.head);
  if (head === undefined || !repo.branches.has(head)) return validationFailed({ resource: 'PullRequest', field: 'head', code: 'invalid' });
  if (!repo.branches.has(body.base)) return validationFailed({ resource: 'PullRequest', field: 'base', code: 'invalid' });
  if (head === body.base) return validationFailed({ resource: 'PullRequest', code: 'custom', message: `No commits between ${body.base} and ${head}` });
  if (openPulls(repo).some((p) => p.pull.head === head && p.pull.base === body.base)) {
    return validationFailed({ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner}:${head}.` });
  }
  const refused = protectedRefusal(repo, head);
  if (refused) return refused;
  const pr = request.state.addIssue(repo, {
    title: body.title ?? '', body: body.body ?? '', author: request.caller.login, labels: [],
    pull: { head, base: body.base, draft: body.draft ?? false, reviews: [] },
  }) as Pull;
  return { status: 201, body: pullJson(request, repo, pr) };
};

const updatePull: Handler = (request) => {
  const found = issueOf(request);
  if (!found?.issue.pull) return notFound();
  const { repo, issue } = found;
  const pr = issue as Pull;
  const body = bodyOf(request) as { title?: string; body?: string; base?: string; state?: 'open' | 'closed' };
  if (body.base !== undefined && !repo.branches.has(body.base)) return validationFailed({ resource: 'PullRequest', field: 'base', code: 'invalid' });
  const refused = protectedRefusal(repo, pr.pull.head);
  if (refused) return refused;
  Object.assign(pr, { title: body.title ?? pr.title, body: body.body ?? pr.body, state: body.state ?? pr.state });
  pr.pull.base = body.base ?? pr.pull.base;
  return { status: 200, body: pullJson(request, repo, pr) };
};

interface ReviewBody {
  commit_id?: string;
  body?: string;
  event?: string;
  comments?: Array<{ path: string; body: string; line?: number; side?: string }>;
}

const createReview: Handler = (request) => {
  const found = issueOf(request);
  if (!found?.issue.pull) return notFound();
  const body = bodyOf(request) as ReviewBody;
  const comments = body.comments ?? [];
  if (!body.body && comments.length === 0) return validationFailed({ resource: 'PullRequestReview', field: 'body', code: 'missing_field' });
  if (comments.some((c) => c.line === undefined || c.line < 1)) return validationFailed({ resource: 'PullRequestReviewComment', field: 'line', code: 'invalid' });
  const review = {
    commitSha: body.commit_id ?? '', body: body.body ?? '',
    comments: comments.map((c) => ({ path: c.path, line: c.line ?? 0, body: c.body, side: c.side === 'LEFT' ? 'LEFT' as const : 'RIGHT' as const })),
  };
  found.issue.pull.reviews.push(review);
  const id = request.state.nextId();
  const html = `${request.webUrl}/${found.repo.owner}/${found.repo.name}/pull/${found.issue.number}#pullrequestreview-${id}`;
  return { status: 200, body: withSample('pull-request-review', { id, body: review.body, commit_id: review.commitSha, state: body.event === 'COMMENT' ? 'COMMENTED' : 'PENDING', html_url: html }) };
};

/** Pull request operations by operationId. */
export const pullHandlers: Record<string, Handler> = {
  'pulls/list': listPulls,
  'pulls/create': createPull,
  'pulls/update': updatePull,
  'pulls/create-review': createReview,
};
