/**
 * Request schemas of the issue, commit status, member, note and discussion operations
 * (merge requests are in merge-request-schemas.ts). Those in GitLab's official OpenAPI
 * description follow it (see official-description.ts) and name their operationId; notes and
 * discussions are not in it, so theirs follow the REST documentation page they name.
 *
 * Objects are strict: GitLab ignores an attribute it does not know, but a client that sends one
 * has a typo or relies on something undocumented, so the mock reports it.
 */
import { z } from 'zod';
import { atLeastOne, bool, dateTime, int, ints, num, page, text, texts } from './schema-kit.ts';

/** getApiV4ProjectsIdIssuesIssueIid (Get a single project issue): no query parameters. */
export const getIssueQuery = z.strictObject({});

/** putApiV4ProjectsIdIssuesIssueIid (Update an existing issue): all optional, at least one. */
export const editIssueBody = atLeastOne(z.strictObject({
  title: text.optional(),
  updated_at: dateTime.optional(),
  state_event: z.enum(['reopen', 'close']).optional(),
  description: text.optional(),
  assignee_ids: ints.optional(),
  assignee_id: int.optional(),
  milestone_id: int.optional(),
  labels: texts.optional(),
  add_labels: texts.optional(),
  remove_labels: texts.optional(),
  due_date: text.optional(),
  confidential: bool.optional(),
  discussion_locked: bool.optional(),
  issue_type: z.enum(['issue', 'incident', 'test_case', 'requirement', 'task', 'ticket']).optional(),
  weight: int.optional(),
  epic_id: int.optional(),
  epic_iid: int.optional(),
  created_at: text.optional(),
}));

/** postApiV4ProjectsIdStatusesSha (Post status to a commit): `state` is required and one of six. */
export const setStatusBody = z.strictObject({
  state: z.enum(['pending', 'running', 'success', 'failed', 'canceled', 'skipped']),
  ref: text.optional(),
  target_url: text.optional(),
  description: text.optional(),
  name: text.optional(),
  context: text.optional(),
  coverage: num.optional(),
  pipeline_id: int.optional(),
});

/** getApiV4ProjectsIdMembersAll (members including those inherited from ancestor groups). */
export const listAllMembersQuery = z.strictObject({
  query: text.optional(),
  user_ids: ints.optional(),
  show_seat_info: bool.optional(),
  state: z.enum(['awaiting', 'active']).optional(),
  ...page,
});

/** Not in the description: doc/api/notes.md, "Create new issue note" and "Create new merge request note". */
export const createNoteBody = z.strictObject({
  body: text.min(1).max(1_000_000),
  internal: bool.optional(),
  created_at: text.optional(),
  merge_request_diff_head_sha: text.optional(),
});

const positive = int.pipe(z.number().int().positive());

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

/** Not in the description: doc/api/discussions.md, "Create new merge request thread". */
export const createThreadBody = z.strictObject({
  body: text.min(1),
  commit_id: text.optional(),
  created_at: text.optional(),
  position: position.optional(),
});
