/**
 * Default handlers for issues, comments, labels and collaborator permissions.
 */
import { bodyOf, issueOf, notFound, repoOf, userJson, type Handler, type MockRequest } from './handler-kit.ts';
import type { IssueState, RepoState } from './mock-state.ts';
import { withSample } from './sample.ts';

function labelsJson(issue: IssueState): unknown[] {
  return issue.labels.map((name, i) => withSample('label', { id: i + 1, name }));
}

function issueJson(request: MockRequest, repo: RepoState, issue: IssueState): Record<string, unknown> {
  const kind = issue.pull ? 'pull' : 'issues';
  return withSample('issue', {
    id: issue.number + repo.id * 1000, number: issue.number, title: issue.title, body: issue.body, state: issue.state,
    html_url: `${request.webUrl}/${repo.owner}/${repo.name}/${kind}/${issue.number}`, user: userJson(issue.author), labels: labelsJson(issue),
  });
}

const getIssue: Handler = (request) => {
  const found = issueOf(request);
  return found ? { status: 200, body: issueJson(request, found.repo, found.issue) } : notFound();
};

const createComment: Handler = (request) => {
  const found = issueOf(request);
  if (!found) return notFound();
  const comment = { id: request.state.nextId(), body: String(bodyOf(request)['body']) };
  found.issue.comments.push(comment);
  const html = `${request.webUrl}/${found.repo.owner}/${found.repo.name}/issues/${found.issue.number}#issuecomment-${comment.id}`;
  return { status: 201, body: withSample('issue-comment', { id: comment.id, body: comment.body, html_url: html, user: userJson(request.caller.login) }) };
};

/** The label names of `{ labels: [...] }`, whose items are names or `{ name }` objects. */
function labelNames(body: unknown): string[] {
  const list = (body as { labels?: unknown[] } | undefined)?.labels ?? [];
  return list.map((l) => (typeof l === 'string' ? l : String((l as { name: string }).name)));
}

const addLabels: Handler = (request) => {
  const found = issueOf(request);
  if (!found) return notFound();
  for (const name of labelNames(request.body)) if (!found.issue.labels.includes(name)) found.issue.labels.push(name);
  return { status: 200, body: labelsJson(found.issue) };
};

const removeLabel: Handler = (request) => {
  const found = issueOf(request);
  const name = request.pathParams['name'] ?? '';
  if (!found) return notFound();
  if (!found.issue.labels.includes(name)) return { status: 404, body: { message: 'Label does not exist', documentation_url: 'https://docs.github.com/rest', status: '404' } };
  found.issue.labels = found.issue.labels.filter((l) => l !== name);
  return { status: 200, body: labelsJson(found.issue) };
};

const permission: Handler = (request) => {
  const repo = repoOf(request);
  if (!repo) return notFound();
  const user = request.pathParams['username'] ?? '';
  const level = repo.permissions.get(user) ?? 'none';
  return { status: 200, body: withSample('repository-collaborator-permission', { permission: level, role_name: level, user: userJson(user, 'collaborator') }) };
};

/** Issue operations by operationId. */
export const issueHandlers: Record<string, Handler> = {
  'issues/get': getIssue,
  'issues/create-comment': createComment,
  'issues/add-labels': addLabels,
  'issues/remove-label': removeLabel,
  'repos/get-collaborator-permission-level': permission,
};
