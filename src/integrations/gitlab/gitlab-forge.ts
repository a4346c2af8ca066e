/**
 * The Forge port on GitLab, through gitbeaker (see client.ts for authentication, requester.ts for
 * rate limits). Issues and merge requests are numbered apart on GitLab (both by `iid`): `comment`
 * tries the issue of that number first, then the merge request; the label and issue methods act on
 * issues; review comments and pull requests act on merge requests.
 *
 * @example
 * const forge = createGitLabForge({ token: process.env.GITLAB_TOKEN ?? '', url: 'https://gitlab.example.com' });
 * const mr = await forge.openOrUpdatePullRequest({ repo: { owner: 'group/sub', name: 'app' }, head: 'ado/fix-1', base: 'main', title: 'Fix', body: '…' });
 */
import type { Forge, ForgeIssue, ForgePermission, IssueRef, PostedRef, RepoRef } from '../../engine/ports/forge.ts';
import { createGitLabClient, type GitLabApi, type GitLabClient, type GitLabClientOptions } from './client.ts';
import { toForgeError } from './errors.ts';
import { openOrUpdateMergeRequest, projectPath } from './merge-requests.ts';
import { GitLabHttpError } from './requester.ts';
import { postReview, type ReviewInput } from './reviews.ts';
import { setStatus } from './statuses.ts';

/** Options of `createGitLabForge`: the client's options. */
export type GitLabForgeOptions = GitLabClientOptions;

/** A GitLab forge; throws ADO_FORGE_AUTH at once when the token is missing. */
export function createGitLabForge(options: GitLabForgeOptions): Forge {
  return new GitLabForge(createGitLabClient(options));
}

/** GitLab's access levels on the forge-neutral scale: Owner is admin, Maintainer and Developer may write. */
export function permissionOfLevel(level: number): ForgePermission {
  if (level >= 50) return 'admin';
  if (level >= 30) return 'write';
  return level >= 10 ? 'read' : 'none';
}

const slug = (input: IssueRef): string => `${projectPath(input.repo)}#${input.number}`;
const isNotFound = (error: unknown): boolean => error instanceof GitLabHttpError && error.status === 404;

class GitLabForge implements Forge {
  readonly kind = 'gitlab';
  private readonly api: GitLabApi;
  private readonly root: string;
  private readonly secrets: string[];

  constructor(client: GitLabClient) {
    this.api = client.api;
    this.root = client.root;
    this.secrets = client.secrets;
  }

  private async call<T>(action: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toForgeError(error, action, this.secrets);
    }
  }

  openOrUpdatePullRequest(input: Parameters<Forge['openOrUpdatePullRequest']>[0]): ReturnType<Forge['openOrUpdatePullRequest']> {
    return this.call(`opening a merge request from ${input.head} into ${input.base} in ${projectPath(input.repo)}`, () => openOrUpdateMergeRequest(this.api, input));
  }

  comment(input: IssueRef & { body: string }): Promise<PostedRef> {
    return this.call(`commenting on ${slug(input)}`, async () => {
      const project = projectPath(input.repo);
      const url = (kind: string, id: number): string => `${this.root}/${project}/-/${kind}/${input.number}#note_${id}`;
      try {
        const note = await this.api.issueNotes.create(project, input.number, input.body);
        return { id: note.id, url: url('issues', note.id) };
      } catch (error) {
        if (!isNotFound(error)) throw error;
        const note = await this.api.mergeRequestNotes.create(project, input.number, input.body);
        return { id: note.id, url: url('merge_requests', note.id) };
      }
    });
  }

  reviewComments(input: ReviewInput): Promise<PostedRef | undefined> {
    return this.call(`reviewing ${projectPath(input.repo)}!${input.number}`, () => postReview(this.api, input));
  }

  setStatus(input: Parameters<Forge['setStatus']>[0]): Promise<void> {
    return this.call(`setting status "${input.context}" on ${projectPath(input.repo)}@${input.sha.slice(0, 12)}`, () => setStatus(this.api, input));
  }

  getIssue(input: IssueRef): Promise<ForgeIssue> {
    return this.call(`reading issue ${slug(input)}`, async () => {
      const issue = await this.api.issues.show(input.number, { projectId: projectPath(input.repo) });
      const labels = issue.labels.map((l) => (typeof l === 'string' ? l : l.name));
      return { title: issue.title, body: issue.description ?? '', labels, author: issue.author?.username ?? 'ghost', state: issue.state === 'closed' ? 'closed' : 'open', url: issue.web_url };
    });
  }

  addLabels(input: IssueRef & { labels: string[] }): Promise<void> {
    if (input.labels.length === 0) return Promise.resolve();
    return this.call(`labelling ${slug(input)}`, async () => {
      await this.api.issues.edit(projectPath(input.repo), input.number, { addLabels: input.labels.join(',') });
    });
  }

  removeLabel(input: IssueRef & { label: string }): Promise<void> {
    // GitLab ignores a label the issue does not have, and answers 404 for an issue that does not exist.
    return this.call(`removing label "${input.label}" from ${slug(input)}`, async () => {
      await this.api.issues.edit(projectPath(input.repo), input.number, { removeLabels: input.label });
    });
  }

  permissionOf(input: { repo: RepoRef; user: string }): Promise<ForgePermission> {
    return this.call(`reading ${input.user}'s permission on ${projectPath(input.repo)}`, async () => {
      // Members including those inherited from groups; `query` matches loosely, so the username is compared here.
      const members = await this.api.members.all(projectPath(input.repo), { includeInherited: true, query: input.user, perPage: 100, maxPages: 1 });
      const member = members.find((m) => m.username.toLowerCase() === input.user.toLowerCase());
      return member ? permissionOfLevel(Number(member.access_level)) : 'none';
    });
  }
}
