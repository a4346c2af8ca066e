/**
 * What a GitLab mock handler receives and returns, GitLab's error bodies, and the JSON entities
 * (the fields GitLab's documentation shows for each) the handlers answer with.
 */
import type { IssueState, MergeRequestState, MockWorld, NoteState, ProjectState, StatusState, ThreadState } from './mock-world.ts';

/** A validated request. */
export interface MockRequest {
  route: string;
  method: string;
  path: string;
  /** Path parameters after validation (iids are numbers). */
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  /** The username the token belongs to. */
  caller: string;
  world: MockWorld;
  /** The instance root, where web pages live. */
  webUrl: string;
}

/** A handler's answer: JSON `body`, or plain `text`. */
export interface MockResponse {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** A handler for one route. */
export type Handler = (request: MockRequest) => MockResponse;

/** GitLab's 404 body, e.g. `404 Project Not Found`. */
export function notFound(what = ''): MockResponse {
  return { status: 404, body: { message: `404 ${what ? `${what} ` : ''}Not Found` } };
}

/** GitLab's error body with a list of messages (validation failures, conflicts). */
export function refused(status: number, ...messages: string[]): MockResponse {
  return { status, body: { message: messages } };
}

/** The `:id` project, if it exists. */
export function projectOf(request: MockRequest): ProjectState | undefined {
  return request.world.project(String(request.params['id']));
}

const timestamp = '2024-01-01T00:00:00.000Z';

/** A user as GitLab shows it on notes, issues and merge requests. */
export function userJson(request: MockRequest, username: string): Record<string, unknown> {
  return { id: request.world.userId(username), username, name: username, state: 'active', avatar_url: null, web_url: `${request.webUrl}/${username}` };
}

/** A merge request as lists show it (the description's API_Entities_MergeRequestBasic). */
export function mergeRequestBasicJson(request: MockRequest, project: ProjectState, mr: MergeRequestState): Record<string, unknown> {
  const draft = /^\s*(\[draft\]|\(draft\)|draft:|draft\s*-)/i.test(mr.title);
  return {
    id: mr.id, iid: mr.iid, project_id: project.id, title: mr.title, description: mr.description, state: mr.state, created_at: timestamp, updated_at: timestamp,
    target_branch: mr.targetBranch, source_branch: mr.sourceBranch, source_project_id: project.id, target_project_id: project.id, author: userJson(request, mr.author),
    labels: [], draft, work_in_progress: draft, merge_status: 'can_be_merged', sha: 'b'.repeat(40), user_notes_count: mr.notes.length,
    references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${project.path}!${mr.iid}` },
    web_url: `${request.webUrl}/${project.path}/-/merge_requests/${mr.iid}`,
  };
}

/** A single merge request (API_Entities_MergeRequest): the basic fields and the diff's base, start and head. */
export function mergeRequestJson(request: MockRequest, project: ProjectState, mr: MergeRequestState): Record<string, unknown> {
  return { ...mergeRequestBasicJson(request, project, mr), diff_refs: { base_sha: 'a'.repeat(40), head_sha: 'b'.repeat(40), start_sha: 'c'.repeat(40) } };
}

/** An issue entity. */
export function issueJson(request: MockRequest, project: ProjectState, issue: IssueState): Record<string, unknown> {
  return {
    id: issue.id, iid: issue.iid, project_id: project.id, title: issue.title, description: issue.description, state: issue.state, labels: issue.labels,
    author: userJson(request, issue.author), type: 'ISSUE', created_at: timestamp, updated_at: timestamp, user_notes_count: issue.notes.length,
    web_url: `${request.webUrl}/${project.path}/-/issues/${issue.iid}`,
  };
}

/** A note entity on an issue or merge request. */
export function noteJson(request: MockRequest, note: NoteState, noteable: { id: number; iid: number; type: 'Issue' | 'MergeRequest' }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: note.id, type: null, body: note.body, attachment: null, author: userJson(request, request.caller), created_at: timestamp, updated_at: timestamp,
    system: false, noteable_id: noteable.id, noteable_type: noteable.type, noteable_iid: noteable.iid, resolvable: false, confidential: false, internal: false, ...extra,
  };
}

/** A discussion (thread) entity with its first note. */
export function threadJson(request: MockRequest, mr: MergeRequestState, thread: ThreadState): Record<string, unknown> {
  const note = noteJson(request, { id: thread.noteId, body: thread.body }, { id: mr.id, iid: mr.iid, type: 'MergeRequest' }, {
    type: thread.position ? 'DiffNote' : 'DiscussionNote', resolvable: true, resolved: false, ...(thread.position ? { position: thread.position } : {}),
  });
  return { id: thread.id, individual_note: false, notes: [note] };
}

/** A commit status entity. */
export function statusJson(request: MockRequest, status: StatusState): Record<string, unknown> {
  return {
    id: status.id, sha: status.sha, ref: null, status: status.status, name: status.name, target_url: status.targetUrl || null, description: status.description || null,
    created_at: timestamp, started_at: null, finished_at: null, allow_failure: false, coverage: null, pipeline_id: status.pipelineId, author: userJson(request, request.caller),
  };
}
