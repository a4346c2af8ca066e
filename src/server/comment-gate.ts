/**
 * Who may command autodevops from a forge: `/autodevops` comments are obeyed only from users with
 * write access to the repository (as GitHub's own "/" commands are); others are ignored and logged.
 */
import type { WebhookDeps } from './webhooks/webhook-deps.ts';

/** A forge user's permission on a repository (the Forge port's answer). */
export type PermissionOf = (project: string, forge: 'github' | 'gitlab', repo: { owner: string; name: string }, user: string) => Promise<'admin' | 'write' | 'read' | 'none'>;

/** The command comment of a delivery, in GitHub's shape or GitLab's (a Note Hook), if it is one. */
function commandComment(delivery: { event: string; action?: string; payload: Record<string, unknown> }): { body: string; user: string; repository: string | undefined; forge: 'github' | 'gitlab' } | undefined {
  if (delivery.event !== 'issue_comment' || delivery.action !== 'created') return undefined;
  const p = delivery.payload as {
    object_kind?: string; comment?: { body?: unknown; user?: { login?: unknown } }; repository?: { full_name?: unknown };
    object_attributes?: { note?: unknown }; user?: { username?: unknown }; project?: { path_with_namespace?: unknown };
  };
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const gitlab = p.object_kind === 'note';
  const body = gitlab ? text(p.object_attributes?.note) : text(p.comment?.body);
  if (body === undefined || !body.trimStart().startsWith(commentCommand)) return undefined;
  return {
    body, forge: gitlab ? 'gitlab' : 'github',
    user: (gitlab ? text(p.user?.username) : text(p.comment?.user?.login)) ?? '(unknown)',
    repository: gitlab ? text(p.project?.path_with_namespace) : text(p.repository?.full_name),
  };
}

/** The command prefix of comments that start the issue-to-PR workflow. */
export const commentCommand = '/autodevops';

/**
 * Comments that command autodevops are obeyed only from users with write access to the repository
 * (as GitHub's own "/" commands are): others are ignored and logged, and start nothing.
 */
export function commentGate(permissionOf: PermissionOf | undefined, log: (message: string) => void): NonNullable<WebhookDeps['admit']> {
  return async (project, delivery) => {
    const command = commandComment(delivery);
    if (!command) return undefined;
    const { user, repository: fullName, forge } = command;
    // GitLab project paths may hold groups (`group/sub/project`): the owner is everything before the last slash.
    const slash = fullName?.lastIndexOf('/') ?? -1;
    const owner = slash > 0 ? fullName!.slice(0, slash) : undefined;
    const name = slash > 0 ? fullName!.slice(slash + 1) : undefined;
    let permission: string = 'none';
    if (permissionOf && owner && name) {
      try {
        permission = await permissionOf(project, forge, { owner, name }, user);
      } catch (e) {
        permission = `unknown (${(e as Error).message})`;
      }
    }
    if (permission === 'admin' || permission === 'write') return undefined;
    const reason = permissionOf ? `${commentCommand} comment by ${user} ignored: ${user} has ${permission} access to ${String(fullName)}, write is needed`
      : `${commentCommand} comment by ${user} ignored: the project has no forge credentials to check permissions (set the project secret GITHUB_TOKEN or GITLAB_TOKEN)`;
    log(`project ${project}: ${reason}`);
    return reason;
  };
}
