/**
 * The Forge port on GitHub, through Octokit (see client.ts for authentication and rate limits).
 *
 * @example
 * const forge = createGitHubForge({ auth: { kind: 'token', token: process.env.GITHUB_TOKEN ?? '' } });
 * const pr = await forge.openOrUpdatePullRequest({ repo: { owner: 'octo', name: 'app' }, head: 'ado/fix-1', base: 'main', title: 'Fix', body: '…' });
 */
import type { Forge, ForgeIssue, ForgePermission, IssueRef, LineComment, PostedRef, RepoRef } from '../../engine/ports/forge.ts';
import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from './client.ts';
import { toForgeError } from './errors.ts';
import { openOrUpdatePullRequest } from './pull-requests.ts';
import { setStatus } from './statuses.ts';

/** Options of `createGitHubForge`: the client's options. */
export type GitHubForgeOptions = GitHubClientOptions;

/** A GitHub forge; throws ADO_FORGE_AUTH at once when credentials are missing. */
export function createGitHubForge(options: GitHubForgeOptions): Forge {
  return new GitHubForge(createGitHubClient(options));
}

const slug = (repo: RepoRef): string => `${repo.owner}/${repo.name}`;
const ref = (input: IssueRef): { owner: string; repo: string; issue_number: number } => ({ owner: input.repo.owner, repo: input.repo.name, issue_number: input.number });

/** GitHub's permission scale mapped onto the forge-neutral one. */
const permissions: Record<string, ForgePermission> = { admin: 'admin', maintain: 'write', write: 'write', triage: 'read', read: 'read' };

class GitHubForge implements Forge {
  readonly kind = 'github';
  private readonly client: GitHubClient;

  constructor(client: GitHubClient) {
    this.client = client;
  }

  private async call<T>(action: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toForgeError(error, action, this.client.secrets);
    }
  }

  openOrUpdatePullRequest(input: Parameters<Forge['openOrUpdatePullRequest']>[0]): ReturnType<Forge['openOrUpdatePullRequest']> {
    return this.call(`opening a pull request from ${input.head} into ${input.base} in ${slug(input.repo)}`, () => openOrUpdatePullRequest(this.client.octokit, input));
  }

  comment(input: IssueRef & { body: string }): Promise<PostedRef> {
    return this.call(`commenting on ${slug(input.repo)}#${input.number}`, async () => {
      const { data } = await this.client.octokit.rest.issues.createComment({ ...ref(input), body: input.body });
      return { id: data.id, url: data.html_url };
    });
  }

  reviewComments(input: IssueRef & { commitSha: string; comments: LineComment[]; body?: string }): Promise<PostedRef | undefined> {
    if (input.comments.length === 0 && !input.body) return Promise.resolve(undefined);
    return this.call(`reviewing ${slug(input.repo)}#${input.number}`, async () => {
      const comments = input.comments.map((c) => ({ path: c.path, line: c.line, side: c.side ?? 'RIGHT', body: c.body }));
      const { data } = await this.client.octokit.rest.pulls.createReview({
        owner: input.repo.owner, repo: input.repo.name, pull_number: input.number, commit_id: input.commitSha, event: 'COMMENT', comments,
        ...(input.body ? { body: input.body } : {}),
      });
      return { id: data.id, url: data.html_url };
    });
  }

  setStatus(input: Parameters<Forge['setStatus']>[0]): Promise<void> {
    return this.call(`setting status "${input.context}" on ${slug(input.repo)}@${input.sha.slice(0, 12)}`, () => setStatus(this.client, input));
  }

  getIssue(input: IssueRef): Promise<ForgeIssue> {
    return this.call(`reading issue ${slug(input.repo)}#${input.number}`, async () => {
      const { data } = await this.client.octokit.rest.issues.get(ref(input));
      const labels = data.labels.map((l) => (typeof l === 'string' ? l : l.name ?? '')).filter((l) => l !== '');
      return { title: data.title, body: data.body ?? '', labels, author: data.user?.login ?? 'ghost', state: data.state === 'closed' ? 'closed' : 'open', url: data.html_url };
    });
  }

  addLabels(input: IssueRef & { labels: string[] }): Promise<void> {
    if (input.labels.length === 0) return Promise.resolve();
    return this.call(`labelling ${slug(input.repo)}#${input.number}`, async () => {
      await this.client.octokit.rest.issues.addLabels({ ...ref(input), labels: input.labels });
    });
  }

  removeLabel(input: IssueRef & { label: string }): Promise<void> {
    return this.call(`removing label "${input.label}" from ${slug(input.repo)}#${input.number}`, async () => {
      try {
        await this.client.octokit.rest.issues.removeLabel({ ...ref(input), name: input.label });
      } catch (error) {
        // 404 means either "no such label on the issue" (fine) or "no such issue": reading it tells which.
        if ((error as { status?: number }).status !== 404) throw error;
        await this.client.octokit.rest.issues.get(ref(input));
      }
    });
  }

  permissionOf(input: { repo: RepoRef; user: string }): Promise<ForgePermission> {
    return this.call(`reading ${input.user}'s permission on ${slug(input.repo)}`, async () => {
      const { data } = await this.client.octokit.rest.repos.getCollaboratorPermissionLevel({ owner: input.repo.owner, repo: input.repo.name, username: input.user });
      return permissions[data.role_name] ?? permissions[data.permission] ?? 'none';
    });
  }
}
