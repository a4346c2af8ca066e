/**
 * Default handlers for issues (read, edit labels, notes), project members and external commit
 * statuses, which GitLab moves through its states: a running or pending status of a name is
 * updated, repeating its state is refused (400 "Cannot transition status"), and a finished one is
 * followed by a new status.
 */
import { issueJson, noteJson, notFound, projectOf, statusJson, userJson, type Handler, type MockRequest, type MockResponse } from './handler-kit.ts';
import type { IssueState, ProjectState, StatusState } from './mock-world.ts';

function issueOf(request: MockRequest): { project: ProjectState; issue: IssueState } | MockResponse {
  const project = projectOf(request);
  if (!project) return notFound('Project');
  const issue = project.issues.get(Number(request.params['issue_iid']));
  return issue ? { project, issue } : notFound();
}

/** Label lists arrive as lists (the schemas split a comma-separated text); GitLab trims the names and drops empty ones. */
const nameList = (value: unknown): string[] => (Array.isArray(value) ? value.map((s) => String(s).trim()).filter(Boolean) : []);

const getIssue: Handler = (request) => {
  const found = issueOf(request);
  return 'status' in found ? found : { status: 200, body: issueJson(request, found.project, found.issue) };
};

const editIssue: Handler = (request) => {
  const found = issueOf(request);
  if ('status' in found) return found;
  const { issue } = found;
  if (request.body['labels'] !== undefined) issue.labels = nameList(request.body['labels']);
  for (const label of nameList(request.body['add_labels'])) if (!issue.labels.includes(label)) issue.labels.push(label);
  issue.labels = issue.labels.filter((l) => !nameList(request.body['remove_labels']).includes(l));
  if (typeof request.body['title'] === 'string') issue.title = request.body['title'];
  return { status: 200, body: issueJson(request, found.project, issue) };
};

const createIssueNote: Handler = (request) => {
  const found = issueOf(request);
  if ('status' in found) return found;
  const note = { id: request.world.nextId(), body: String(request.body['body']) };
  found.issue.notes.push(note);
  return { status: 201, body: noteJson(request, note, { id: found.issue.id, iid: found.issue.iid, type: 'Issue' }) };
};

const listAllMembers: Handler = (request) => {
  const project = projectOf(request);
  if (!project) return notFound('Project');
  const query = String(request.query['query'] ?? '').toLowerCase();
  const members = [...project.members].filter(([username]) => username.toLowerCase().includes(query));
  return { status: 200, body: members.map(([username, level]) => ({ ...userJson(request, username), access_level: level, expires_at: null, created_at: '2024-01-01T00:00:00.000Z' })) };
};

const events: Record<StatusState['status'], string> = { pending: 'enqueue', running: 'run', success: 'succeed', failed: 'drop', canceled: 'cancel', skipped: 'skip' };

/** GitLab's state machine for an unfinished status: forward only, never into the same state. */
function transitionRefusal(from: StatusState['status'], to: StatusState['status']): MockResponse | undefined {
  if (from !== to && !(from === 'running' && to === 'pending')) return undefined;
  return { status: 400, body: { message: `Cannot transition status via :${events[to]} from :${from} (Reason(s): Status cannot transition via "${events[to]}")` } };
}

const setStatus: Handler = (request) => {
  const project = projectOf(request);
  if (!project) return notFound('Project');
  const body = request.body as { state: StatusState['status']; name?: string; context?: string; description?: string; target_url?: string; pipeline_id?: number };
  const sha = String(request.params['sha']);
  // GitLab resolves `:sha` as a commit or a ref; the mock's projects have no refs, so only a SHA names a commit.
  if (!/^[0-9a-f]{7,64}$/i.test(sha)) return notFound('Commit');
  const name = body.name ?? body.context ?? 'default';
  const open = project.statuses.find((s) => s.sha === sha && s.name === name && (s.status === 'pending' || s.status === 'running'));
  const refusal = open && transitionRefusal(open.status, body.state);
  if (refusal) return refusal;
  const pipelineId = body.pipeline_id ?? project.statuses.find((s) => s.sha === sha)?.pipelineId ?? request.world.nextId();
  const status = open ?? { id: request.world.nextId(), sha, name, status: body.state, description: '', targetUrl: '', pipelineId };
  Object.assign(status, { status: body.state, description: body.description ?? status.description, targetUrl: body.target_url ?? status.targetUrl });
  if (!open) project.statuses.push(status);
  return { status: 201, body: statusJson(request, status) };
};

/** Issue, member and status routes by name. */
export const issueHandlers: Record<string, Handler> = {
  getIssue,
  editIssue,
  createIssueNote,
  listAllMembers,
  setCommitStatus: setStatus,
};

