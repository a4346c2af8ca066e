/**
 * What the GitLab mock checks against in GitLab's official OpenAPI v2 description
 * (doc/api/openapi/openapi_v2.yaml in gitlabhq/gitlabhq, Swagger 2.0, generated from the Grape
 * routes by grape-swagger). The file is neither downloaded nor copied here: the schemas in
 * schemas.ts and the entity fields below were written by reading it at the commit named below.
 *
 * The description covers merge requests, issues, commit statuses and members, but not notes,
 * discussions or labels (GitLab mounts those APIs outside the documented block of lib/api/api.rb),
 * so those routes keep the schemas of the REST documentation page they name.
 */

/** Where the description was read. */
export const officialDescription = {
  repository: 'gitlabhq/gitlabhq',
  path: 'doc/api/openapi/openapi_v2.yaml',
  commit: '0338625c4996c8b4dde44bd86d1767b654121ee7',
} as const;

/** Where a route's request schema comes from. */
export type RouteSource =
  | { kind: 'openapi'; response?: EntityName }
  | { kind: 'rest-docs'; page: string };

/**
 * grape-swagger's operationId: the method, then every path segment of `/api/v4/…` with its
 * braces (or colon) dropped, split at `_` and `-`, each part capitalised. Routes that are not in
 * the description get the id the generator would give GitLab's own route, so every route has one.
 */
export function operationIdOf(method: string, template: string): string {
  const parts = `/api/v4${template}`.split('/').filter(Boolean).map((s) => s.replace(/^:|^\{|\}$/g, ''));
  const words = parts.flatMap((segment) => segment.split(/[_-]/)).filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

const userBasic = ['id', 'username', 'public_email', 'name', 'state', 'locked', 'avatar_url', 'avatar_path', 'custom_attributes', 'web_url'];

const mergeRequestBasic = [
  'id', 'iid', 'project_id', 'title', 'description', 'state', 'created_at', 'updated_at', 'merged_by', 'merge_user', 'merged_at', 'closed_by',
  'closed_at', 'title_html', 'description_html', 'target_branch', 'source_branch', 'user_notes_count', 'upvotes', 'downvotes', 'author', 'assignees',
  'assignee', 'reviewers', 'source_project_id', 'target_project_id', 'labels', 'draft', 'imported', 'imported_from', 'work_in_progress', 'milestone',
  'merge_when_pipeline_succeeds', 'merge_status', 'detailed_merge_status', 'merge_after', 'sha', 'merge_commit_sha', 'squash_commit_sha',
  'discussion_locked', 'should_remove_source_branch', 'force_remove_source_branch', 'prepared_at', 'allow_collaboration', 'allow_maintainer_to_push',
  'reference', 'references', 'web_url', 'time_stats', 'squash', 'squash_on_merge', 'task_completion_status', 'has_conflicts',
  'blocking_discussions_resolved', 'approvals_before_merge',
];

/**
 * The top-level fields each response entity the mock answers with lists. The description types
 * most of them loosely (`draft`, `labels` and counts are "string"), so the mock checks names,
 * not types: a field GitLab does not document is a field a client must not come to rely on.
 */
export const entityFields = {
  API_Entities_UserBasic: userBasic,
  API_Entities_MergeRequestBasic: mergeRequestBasic,
  API_Entities_MergeRequest: [
    ...mergeRequestBasic, 'subscribed', 'changes_count', 'latest_build_started_at', 'latest_build_finished_at', 'first_deployed_to_production_at',
    'pipeline', 'head_pipeline', 'diff_refs', 'merge_error', 'rebase_in_progress', 'diverged_commits_count', 'first_contribution', 'user',
  ],
  API_Entities_Diff: ['diff', 'collapsed', 'too_large', 'new_path', 'old_path', 'a_mode', 'b_mode', 'new_file', 'renamed_file', 'deleted_file', 'generated_file'],
  API_Entities_Issue: [
    'id', 'iid', 'project_id', 'title', 'description', 'state', 'created_at', 'updated_at', 'closed_at', 'closed_by', 'labels', 'milestone', 'assignees',
    'author', 'type', 'assignee', 'user_notes_count', 'merge_requests_count', 'upvotes', 'downvotes', 'start_date', 'due_date', 'confidential',
    'discussion_locked', 'issue_type', 'web_url', 'time_stats', 'task_completion_status', 'weight', 'blocking_issues_count', 'has_tasks', 'task_status',
    '_links', 'references', 'severity', 'subscribed', 'moved_to_id', 'imported', 'imported_from', 'service_desk_reply_to', 'epic_iid', 'epic',
    'iteration', 'health_status',
  ],
  API_Entities_CommitStatus: [
    'id', 'sha', 'ref', 'status', 'name', 'target_url', 'description', 'created_at', 'started_at', 'finished_at', 'allow_failure', 'coverage',
    'pipeline_id', 'author',
  ],
  API_Entities_Member: [
    ...userBasic, 'access_level', 'created_at', 'created_by', 'expires_at', 'group_saml_identity', 'group_scim_identity', 'email', 'is_using_seat',
    'override', 'membership_state', 'member_role',
  ],
} as const satisfies Record<string, readonly string[]>;

/** An entity of the description the mock answers with. */
export type EntityName = keyof typeof entityFields;

/** Fields of `body` (an object, or each object of a list) that `entity` does not list. */
export function undocumentedFields(entity: EntityName, body: unknown): string[] {
  const known: readonly string[] = entityFields[entity];
  const items = Array.isArray(body) ? body : [body];
  const extra = items.flatMap((item) => (item && typeof item === 'object' ? Object.keys(item) : [])).filter((key) => !known.includes(key));
  return [...new Set(extra)];
}
