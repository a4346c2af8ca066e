/**
 * Default handlers for merge requests: list, create, update, read, diffs, notes and threads, with
 * the refusals GitLab answers (409 for a second open merge request of a source branch, 422 for a
 * branch that does not exist, 400 for a blank or overlong title or a diff position GitLab cannot
 * place) and the mock's protected-branch refusal.
 */
import { hunkLines, lineAt } from '../../../src/integrations/git/diff-lines.ts';
import { mergeRequestBasicJson, mergeRequestJson, noteJson, notFound, projectOf, refused, threadJson, type Handler, type MockRequest, type MockResponse } from './handler-kit.ts';
import type { MergeRequestState, PositionState, ProjectState } from './mock-world.ts';

function mergeRequestOf(request: MockRequest): { project: ProjectState; mr: MergeRequestState } | MockResponse {
  const project = projectOf(request);
  if (!project) return notFound('Project');
  const mr = project.mergeRequests.get(Number(request.params['merge_request_iid']));
  return mr ? { project, mr } : notFound();
}

/** Protected branches cannot take merge requests in the mock (see ForgeMock.protectBranch). */
function protectedRefusal(project: ProjectState, branch: string): MockResponse | undefined {
  return project.protectedBranches.has(branch) ? refused(422, `Source branch "${branch}" is protected: the mock refuses merge requests from it`) : undefined;
}

const list: Handler = (request) => {
  const project = projectOf(request);
  if (!project) return notFound('Project');
  const { state = 'all', source_branch: source, target_branch: target } = request.query as Record<string, string | undefined>;
  const found = [...project.mergeRequests.values()].filter((mr) => (state === 'all' || mr.state === state) && (!source || mr.sourceBranch === source) && (!target || mr.targetBranch === target));
  return { status: 200, body: found.reverse().map((mr) => mergeRequestBasicJson(request, project, mr)) };
};

/** The model's title validation, which the description cannot express: GitLab answers 400 with a field → messages map. */
function titleRefusal(title: string | undefined): MockResponse | undefined {
  if (title === undefined) return undefined;
  if (title.trim() === '') return { status: 400, body: { message: { title: ["can't be blank"] } } };
  return title.length > 255 ? { status: 400, body: { message: { title: ['is too long (maximum is 255 characters)'] } } } : undefined;
}

const create: Handler = (request) => {
  const project = projectOf(request);
  if (!project) return notFound('Project');
  const body = request.body as { source_branch: string; target_branch: string; title: string; description?: string };
  const invalid = titleRefusal(body.title);
  if (invalid) return invalid;
  if (!project.branches.has(body.source_branch)) return refused(422, `Source branch "${body.source_branch}" does not exist`);
  if (!project.branches.has(body.target_branch)) return refused(422, `Target branch "${body.target_branch}" does not exist`);
  if (body.source_branch === body.target_branch) return refused(409, "You can't use same project/branch for source and target");
  const open = [...project.mergeRequests.values()].find((mr) => mr.state === 'opened' && mr.sourceBranch === body.source_branch);
  if (open) return refused(409, `Another open merge request already exists for this source branch: !${open.iid}`);
  const refusal = protectedRefusal(project, body.source_branch);
  if (refusal) return refusal;
  const mr = request.world.addMergeRequest(project, { sourceBranch: body.source_branch, targetBranch: body.target_branch, title: body.title, description: body.description ?? '', author: request.caller });
  return { status: 201, body: mergeRequestJson(request, project, mr) };
};

const update: Handler = (request) => {
  const found = mergeRequestOf(request);
  if ('status' in found) return found;
  const body = request.body as { title?: string; description?: string; target_branch?: string; state_event?: 'close' | 'reopen' };
  const invalid = titleRefusal(body.title);
  if (invalid) return invalid;
  if (body.target_branch !== undefined && !found.project.branches.has(body.target_branch)) return refused(422, `Target branch "${body.target_branch}" does not exist`);
  const refusal = protectedRefusal(found.project, found.mr.sourceBranch);
  if (refusal) return refusal;
  const { mr } = found;
  mr.title = body.title ?? mr.title;
  mr.description = body.description ?? mr.description;
  mr.targetBranch = body.target_branch ?? mr.targetBranch;
  if (body.state_event) mr.state = body.state_event === 'close' ? 'closed' : 'opened';
  return { status: 200, body: mergeRequestJson(request, found.project, mr) };
};

const show: Handler = (request) => {
  const found = mergeRequestOf(request);
  return 'status' in found ? found : { status: 200, body: mergeRequestJson(request, found.project, found.mr) };
};

const diffs: Handler = (request) => {
  const found = mergeRequestOf(request);
  if ('status' in found) return found;
  const body = found.mr.diffs.map((f) => ({ old_path: f.oldPath, new_path: f.newPath, a_mode: '100644', b_mode: '100644', diff: f.diff, collapsed: false, too_large: false, new_file: false, renamed_file: f.oldPath !== f.newPath, deleted_file: false, generated_file: false }));
  return { status: 200, body };
};

const createNote: Handler = (request) => {
  const found = mergeRequestOf(request);
  if ('status' in found) return found;
  const note = { id: request.world.nextId(), body: String(request.body['body']) };
  found.mr.notes.push(note);
  return { status: 201, body: noteJson(request, note, { id: found.mr.id, iid: found.mr.iid, type: 'MergeRequest' }) };
};

const lineCodeError = refused(400, '400 Bad request - Note {:line_code=>["can\'t be blank", "must be a valid line code"]}');

/** Where GitLab would place the position: the lines must be ones the diff shows, both numbers for an unchanged line. */
function placeable(mr: MergeRequestState, position: PositionState): boolean {
  if (mr.diffs.length === 0) return true;
  const file = mr.diffs.find((f) => f.newPath === position['new_path'] && f.oldPath === position['old_path']);
  if (!file) return false;
  const lines = hunkLines(file.diff);
  const side = position['new_line'] === undefined ? 'LEFT' : 'RIGHT';
  const line = lineAt(lines, side, Number(position['new_line'] ?? position['old_line']));
  return line !== undefined && String(line.newLine) === String(position['new_line']) && String(line.oldLine) === String(position['old_line']);
}

const createThread: Handler = (request) => {
  const found = mergeRequestOf(request);
  if ('status' in found) return found;
  const body = request.body as { body: string; position?: Record<string, unknown> };
  const position = body.position && (Object.fromEntries(Object.entries(body.position).map(([k, v]) => [k, String(v)])) as PositionState);
  if (position && !placeable(found.mr, position)) return lineCodeError;
  const thread = { id: request.world.nextId().toString(16).padStart(40, '0'), noteId: request.world.nextId(), body: body.body, ...(position ? { position } : {}) };
  found.mr.threads.push(thread);
  return { status: 201, body: threadJson(request, found.mr, thread) };
};

/** Merge request routes by name. */
export const mergeRequestHandlers: Record<string, Handler> = {
  listMergeRequests: list,
  createMergeRequest: create,
  updateMergeRequest: update,
  getMergeRequest: show,
  listMergeRequestDiffs: diffs,
  createMergeRequestNote: createNote,
  createMergeRequestThread: createThread,
};
