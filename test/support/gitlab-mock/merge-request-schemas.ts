/**
 * Request schemas of the merge request operations, from GitLab's official OpenAPI description
 * (see official-description.ts): every parameter the operation lists, with its type, enum and
 * required-ness; nothing else. Each schema names its operationId.
 */
import { z } from 'zod';
import { atLeastOne, bool, dateTime, int, ints, page, text, texts } from './schema-kit.ts';

const yesNo = z.enum(['yes', 'no']);

/** The filters `getApiV4ProjectsIdMergeRequests` also takes negated, under `not[…]`. */
const negatable = {
  author_id: int.optional(),
  author_username: text.optional(),
  assignee_id: int.optional(),
  assignee_username: texts.optional(),
  reviewer_username: text.optional(),
  labels: texts.optional(),
  milestone: text.optional(),
  my_reaction_emoji: text.optional(),
  reviewer_id: int.optional(),
};

/** getApiV4ProjectsIdMergeRequests (List project merge requests). */
export const listMergeRequestsQuery = z.strictObject({
  ...negatable,
  state: z.enum(['opened', 'closed', 'locked', 'merged', 'all']).optional(),
  order_by: z.enum(['created_at', 'label_priority', 'milestone_due', 'popularity', 'priority', 'title', 'updated_at', 'merged_at']).optional(),
  sort: z.enum(['asc', 'desc']).optional(),
  with_labels_details: bool.optional(),
  with_merge_status_recheck: bool.optional(),
  created_after: dateTime.optional(),
  created_before: dateTime.optional(),
  updated_after: dateTime.optional(),
  updated_before: dateTime.optional(),
  view: z.literal('simple').optional(),
  scope: z.enum(['created-by-me', 'assigned-to-me', 'created_by_me', 'assigned_to_me', 'reviews_for_me', 'all']).optional(),
  source_branch: text.optional(),
  source_project_id: int.optional(),
  target_branch: text.optional(),
  search: text.optional(),
  in: text.optional(),
  wip: yesNo.optional(),
  not: z.strictObject(negatable).optional(),
  deployed_before: text.optional(),
  deployed_after: text.optional(),
  environment: text.optional(),
  approved: yesNo.optional(),
  merge_user_id: int.optional(),
  merge_user_username: text.optional(),
  approver_ids: text.optional(),
  approved_by_ids: text.optional(),
  approved_by_usernames: text.optional(),
  iids: ints.optional(),
  ...page,
});

/** The attributes create and update share. */
const attributes = {
  assignee_id: int.optional(),
  assignee_ids: ints.optional(),
  reviewer_ids: ints.optional(),
  description: text.optional(),
  labels: texts.optional(),
  add_labels: texts.optional(),
  remove_labels: texts.optional(),
  milestone_id: int.optional(),
  remove_source_branch: bool.optional(),
  allow_collaboration: bool.optional(),
  allow_maintainer_to_push: bool.optional(),
  squash: bool.optional(),
  merge_after: text.optional(),
  approvals_before_merge: int.optional(),
};

/**
 * postApiV4ProjectsIdMergeRequests (Create merge request): title, source and target branch are
 * required. The title's length and blankness are the model's validations, answered by the handler.
 */
export const createMergeRequestBody = z.strictObject({
  title: text,
  source_branch: text,
  target_branch: text,
  target_project_id: int.optional(),
  ...attributes,
});

/** putApiV4ProjectsIdMergeRequestsMergeRequestIid (Update merge request): all optional, at least one. */
export const updateMergeRequestBody = atLeastOne(z.strictObject({
  title: text.optional(),
  target_branch: text.optional(),
  state_event: z.enum(['close', 'reopen']).optional(),
  discussion_locked: bool.optional(),
  ...attributes,
}));

/** getApiV4ProjectsIdMergeRequestsMergeRequestIid (Get single merge request). */
export const getMergeRequestQuery = z.strictObject({
  render_html: bool.optional(),
  include_diverged_commits_count: bool.optional(),
  include_rebase_in_progress: bool.optional(),
});

/** getApiV4ProjectsIdMergeRequestsMergeRequestIidDiffs (Get the merge request diffs). */
export const listDiffsQuery = z.strictObject({ ...page, unidiff: bool.optional() });
