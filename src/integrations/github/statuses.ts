/**
 * A run's status on a commit. With GitHub App credentials it is a check run (richer, and shown in
 * the pull request's checks tab); GitHub does not let personal tokens create check runs, so with
 * those it is a commit status. Either way a later call with the same context replaces the earlier.
 */
import type { CommitState, StatusInput } from '../../engine/ports/forge.ts';
import type { GitHubClient, GitHubOctokitClient } from './client.ts';

/** GitHub cuts commit-status descriptions at 140 characters; cut them ourselves, visibly. */
const maxDescription = 140;

/** Reports the status as a check run or a commit status, whichever the credentials allow. */
export async function setStatus(client: GitHubClient, input: StatusInput): Promise<void> {
  if (client.auth === 'app') await setCheckRun(client.octokit, client.appId, input);
  else await setCommitStatus(client.octokit, input);
}

function shorten(text: string): string {
  return text.length <= maxDescription ? text : `${text.slice(0, maxDescription - 1)}…`;
}

async function setCommitStatus(octokit: GitHubOctokitClient, input: StatusInput): Promise<void> {
  await octokit.rest.repos.createCommitStatus({
    owner: input.repo.owner, repo: input.repo.name, sha: input.sha, state: input.state,
    context: input.context, description: shorten(input.description), target_url: input.targetUrl,
  });
}

interface CheckFields {
  status: 'in_progress' | 'completed';
  conclusion?: 'success' | 'failure';
  details_url: string;
  output: { title: string; summary: string };
}

/** Check runs have no `error` state: an undecided run is a failed check with the reason as its title. */
function checkFields(state: CommitState, input: StatusInput): CheckFields {
  const output = { title: shorten(input.description), summary: input.description };
  if (state === 'pending') return { status: 'in_progress', details_url: input.targetUrl, output };
  return { status: 'completed', conclusion: state === 'success' ? 'success' : 'failure', details_url: input.targetUrl, output };
}

async function setCheckRun(octokit: GitHubOctokitClient, appId: number | undefined, input: StatusInput): Promise<void> {
  const repo = { owner: input.repo.owner, repo: input.repo.name };
  const { data } = await octokit.rest.checks.listForRef({ ...repo, ref: input.sha, check_name: input.context, filter: 'latest', ...(appId ? { app_id: appId } : {}) });
  // A completed check run cannot be reopened; a new run of the same name supersedes it instead.
  const open = data.check_runs.find((r) => r.status !== 'completed' || input.state !== 'pending');
  const fields = checkFields(input.state, input);
  if (open) await octokit.rest.checks.update({ ...repo, check_run_id: open.id, ...fields });
  else await octokit.rest.checks.create({ ...repo, name: input.context, head_sha: input.sha, ...fields });
}
