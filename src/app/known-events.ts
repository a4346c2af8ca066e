/** The events GitHub Actions defines (docs: "Events that trigger workflows"). */
export const knownEvents = new Set([
  'branch_protection_rule', 'check_run', 'check_suite', 'create', 'delete', 'deployment', 'deployment_status', 'discussion',
  'discussion_comment', 'fork', 'gollum', 'issue_comment', 'issues', 'label', 'merge_group', 'milestone', 'page_build',
  'public', 'pull_request', 'pull_request_review', 'pull_request_review_comment', 'pull_request_target', 'push',
  'registry_package', 'release', 'repository_dispatch', 'schedule', 'status', 'watch', 'workflow_call', 'workflow_dispatch',
  'workflow_run', 'project', 'project_card', 'project_column', 'image_version',
]);
