/**
 * Opening or updating a pull request. GitHub allows one open pull request per head and base, so a
 * second run on the same branch updates the one it opened before instead of failing; a create that
 * loses a race with another process finds the winner's pull request and updates it too.
 */
import type { PullRequestInput, PullRequestRef, RepoRef } from '../../engine/ports/forge.ts';
import type { GitHubOctokitClient } from './client.ts';

interface Found {
  number: number;
  base: string;
}

/** Opens a pull request, or updates the open one for the same head. */
export async function openOrUpdatePullRequest(octokit: GitHubOctokitClient, input: PullRequestInput): Promise<PullRequestRef> {
  const existing = await findOpen(octokit, input);
  if (existing) return update(octokit, input, existing.number);
  try {
    return await create(octokit, input);
  } catch (error) {
    // The 422 for "already exists" is indistinguishable by status from other refusals: look again.
    const winner = (error as { status?: number }).status === 422 ? await findOpen(octokit, input) : undefined;
    if (!winner) throw error;
    return update(octokit, input, winner.number);
  }
}

/** `owner:branch` as GitHub's `head` filter wants it. */
function qualifiedHead(repo: RepoRef, head: string): string {
  return head.includes(':') ? head : `${repo.owner}:${head}`;
}

async function findOpen(octokit: GitHubOctokitClient, input: PullRequestInput): Promise<Found | undefined> {
  const { data } = await octokit.rest.pulls.list({ owner: input.repo.owner, repo: input.repo.name, state: 'open', head: qualifiedHead(input.repo, input.head), per_page: 100 });
  const found = data.map((p) => ({ number: p.number, base: p.base.ref }));
  return found.find((p) => p.base === input.base) ?? found[0];
}

async function create(octokit: GitHubOctokitClient, input: PullRequestInput): Promise<PullRequestRef> {
  const { data } = await octokit.rest.pulls.create({
    owner: input.repo.owner, repo: input.repo.name, head: input.head, base: input.base, title: input.title, body: input.body,
    ...(input.draft === undefined ? {} : { draft: input.draft }),
  });
  return { number: data.number, url: data.html_url, created: true };
}

/** Title, body and base change; the draft state cannot change through the REST API and is kept. */
async function update(octokit: GitHubOctokitClient, input: PullRequestInput, number: number): Promise<PullRequestRef> {
  const { data } = await octokit.rest.pulls.update({ owner: input.repo.owner, repo: input.repo.name, pull_number: number, title: input.title, body: input.body, base: input.base });
  return { number: data.number, url: data.html_url, created: false };
}
