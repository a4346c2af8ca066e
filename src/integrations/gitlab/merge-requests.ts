/**
 * Opening or updating a merge request. GitLab allows one open merge request per source branch, so
 * a second run on the same branch updates the one it opened before; a create that loses a race
 * (409 "Another open merge request already exists") finds the winner's and updates it. GitLab has
 * no draft flag on create: a draft is a title starting with `Draft:`, which an update keeps.
 */
import { AutodevopsError } from '../../core/errors.ts';
import type { PullRequestInput, PullRequestRef, RepoRef } from '../../engine/ports/forge.ts';
import type { GitLabApi } from './client.ts';
import { GitLabHttpError } from './requester.ts';

interface Found {
  iid: number;
  targetBranch: string;
  draft: boolean;
}

const draftPrefix = /^\s*(\[draft\]|\(draft\)|draft:|draft\s*-)\s*/i;

/** `group/sub/project`, the form GitLab's `:id` takes (gitbeaker encodes it). */
export function projectPath(repo: RepoRef): string {
  return `${repo.owner}/${repo.name}`;
}

/** Opens a merge request, or updates the open one for the same source branch. */
export async function openOrUpdateMergeRequest(api: GitLabApi, input: PullRequestInput): Promise<PullRequestRef> {
  const source = sourceBranch(input.repo, input.head);
  const existing = await findOpen(api, input, source);
  if (existing) return update(api, input, existing);
  try {
    return await create(api, input, source);
  } catch (error) {
    const winner = error instanceof GitLabHttpError && error.status === 409 ? await findOpen(api, input, source) : undefined;
    if (!winner) throw error;
    return update(api, input, winner);
  }
}

/** `owner:branch` names a branch of this project; another owner's would be a fork, which is not supported. */
function sourceBranch(repo: RepoRef, head: string): string {
  const colon = head.indexOf(':');
  if (colon < 0) return head;
  if (head.slice(0, colon) === repo.owner) return head.slice(colon + 1);
  throw new AutodevopsError('ADO_FORGE_REFUSED', `Cannot open a merge request from ${head} into ${projectPath(repo)}: merge requests from forks are not supported.`, {
    hint: 'Push the branch to the project itself and name it without an owner.',
  });
}

async function findOpen(api: GitLabApi, input: PullRequestInput, source: string): Promise<Found | undefined> {
  const list = await api.mergeRequests.all({ projectId: projectPath(input.repo), state: 'opened', sourceBranch: source, perPage: 100, maxPages: 1 });
  const found = list.map((mr) => ({ iid: mr.iid, targetBranch: mr.target_branch, draft: mr.draft === true || draftPrefix.test(mr.title) }));
  return found.find((mr) => mr.targetBranch === input.base) ?? found[0];
}

function titleOf(title: string, draft: boolean): string {
  return draft && !draftPrefix.test(title) ? `Draft: ${title}` : title;
}

async function create(api: GitLabApi, input: PullRequestInput, source: string): Promise<PullRequestRef> {
  const mr = await api.mergeRequests.create(projectPath(input.repo), source, input.base, titleOf(input.title, input.draft === true), { description: input.body });
  return { number: mr.iid, url: mr.web_url, created: true };
}

/** Title, description and target change; a draft stays a draft. */
async function update(api: GitLabApi, input: PullRequestInput, found: Found): Promise<PullRequestRef> {
  const mr = await api.mergeRequests.edit(projectPath(input.repo), found.iid, { title: titleOf(input.title, found.draft), description: input.body, targetBranch: input.base });
  return { number: mr.iid, url: mr.web_url, created: false };
}
