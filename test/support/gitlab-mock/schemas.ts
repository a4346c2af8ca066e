/**
 * Request schemas of the GitLab REST endpoints autodevops calls, written with zod from GitLab's
 * REST API documentation (doc/api/*.md in the GitLab repository; each schema names its page).
 * GitLab's OpenAPI v2 description (doc/api/openapi/openapi_v2.yaml) has no notes, discussions or
 * labels operations, so the documentation is the one source for every endpoint here.
 *
 * Objects are strict: GitLab ignores an unknown attribute, but a client that sends one has a typo,
 * so the mock reports it. Form and query values arrive as text; numbers and booleans accept both.
 */
import { z } from 'zod';

const int = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);
const positive = int.pipe(z.number().int().positive());
const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const text = z.string();
const page = { page: positive.optional(), per_page: positive.pipe(z.number().max(100)).optional() };

/** Path parameters: `:id` is a numeric id or a URL-encoded path; iids are positive integers. */
export const pathParams = {
  id: z.string().min(1),
  merge_request_iid: positive,
  issue_iid: positive,
  sha: z.string().regex(/^[0-9a-f]{7,64}$/i, 'must be a commit SHA'),
} as const;

/** doc/api/merge_requests.md, "List project merge requests". */
export const listMergeRequestsQuery = z.strictObject({
  ...page,
  state: z.enum(['opened', 'closed', 'locked', 'merged', 'all']).optional(),
  source_branch: text.optional(),
  target_branch: text.optional(),
  order_by: z.enum(['created_at', 'updated_at', 'title', 'merged_at']).optional(),
  sort: z.enum(['asc', 'desc']).optional(),
  labels: text.optional(),
  view: z.literal('simple').optional(),
});

const mergeRequestOptional = {
  description: text.max(1_048_576).optional(),
  assignee_id: int.optional(),
  assignee_ids: z.array(int).optional(),
  reviewer_ids: z.array(int).optional(),
  labels: text.optional(),
  milestone_id: int.optional(),
  remove_source_branch: bool.optional(),
  allow_collaboration: bool.optional(),
  squash: bool.optional(),
};

/** doc/api/merge_requests.md, "Create MR". */
export const createMergeRequestBody = z.strictObject({
  source_branch: text.min(1),
  target_branch: text.min(1),
  title: text.min(1).max(255),
  target_project_id: int.optional(),
  ...mergeRequestOptional,
});

/** doc/api/merge_requests.md, "Update MR": at least one attribute. */
export const updateMergeRequestBody = z.strictObject({
  target_branch: text.min(1).optional(),
  title: text.min(1).max(255).optional(),
  state_event: z.enum(['close', 'reopen']).optional(),
  add_labels: text.optional(),
  remove_labels: text.optional(),
  discussion_locked: bool.optional(),
  ...mergeRequestOptional,
}).refine((body) => Object.keys(body).length > 0, 'at least one attribute must be given');

/** doc/api/merge_requests.md, "Get single MR". */
export const getMergeRequestQuery = z.strictObject({
  render_html: bool.optional(),
  include_diverged_commits_count: bool.optional(),
  include_rebase_in_progress: bool.optional(),
});

/** doc/api/merge_requests.md, "List merge request diffs". */
export const listDiffsQuery = z.strictObject({ ...page, unidiff: bool.optional() });

/** doc/api/notes.md, "Create new issue note" and "Create new merge request note". */
export const createNoteBody = z.strictObject({
  body: text.min(1).max(1_000_000),
  internal: bool.optional(),
  created_at: text.optional(),
  merge_request_diff_head_sha: text.optional(),
});

const position = z.strictObject({
  base_sha: text.min(1),
  start_sha: text.min(1),
  head_sha: text.min(1),
  position_type: z.enum(['text', 'image', 'file']),
  new_path: text.min(1).optional(),
  old_path: text.min(1).optional(),
  new_line: positive.optional(),
  old_line: positive.optional(),
}).refine((p) => p.position_type !== 'text' || (p.new_path !== undefined && p.old_path !== undefined), 'a text position needs both old_path and new_path')
  .refine((p) => p.position_type !== 'text' || p.new_line !== undefined || p.old_line !== undefined, 'a text position needs new_line, old_line or both');

/** doc/api/discussions.md, "Create new merge request thread". */
export const createThreadBody = z.strictObject({
  body: text.min(1),
  commit_id: text.optional(),
  created_at: text.optional(),
  position: position.optional(),
});

/** doc/api/issues.md, "Single project issue". */
export const getIssueQuery = z.strictObject({});

/** doc/api/issues.md, "Edit an issue". */
export const editIssueBody = z.strictObject({
  add_labels: text.optional(),
  remove_labels: text.optional(),
  labels: text.optional(),
  title: text.optional(),
  description: text.max(1_048_576).optional(),
  state_event: z.enum(['close', 'reopen']).optional(),
  assignee_ids: z.array(int).optional(),
  confidential: bool.optional(),
  discussion_locked: bool.optional(),
}).refine((body) => Object.keys(body).length > 0, 'at least one attribute must be given');

/** doc/api/commits.md, "Set the pipeline status of a commit". */
export const setStatusBody = z.strictObject({
  state: z.enum(['pending', 'running', 'success', 'failed', 'canceled', 'skipped']),
  ref: text.max(255).optional(),
  name: text.optional(),
  context: text.optional(),
  target_url: text.max(255).optional(),
  description: text.max(255).optional(),
  coverage: z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]).optional(),
  pipeline_id: int.optional(),
});

/** doc/api/members.md, "List all members of a group or project including inherited members". */
export const listAllMembersQuery = z.strictObject({
  ...page,
  query: text.optional(),
  user_ids: z.union([z.array(int), int.transform((v) => [v])]).optional(),
  show_seat_info: bool.optional(),
  state: z.enum(['awaiting', 'active']).optional(),
});

/** An endpoint takes no query parameters. */
export const noQuery = z.strictObject({});
