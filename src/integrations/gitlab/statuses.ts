/**
 * A run's status on a commit as a GitLab external commit status (`POST /projects/:id/statuses/:sha`),
 * named by the context. GitLab keeps one running-or-pending status per name and moves it through
 * its states, so a later call replaces the earlier; once finished, the next call starts a new one.
 * GitLab has no `error` state: an undecided run is `failed`.
 */
import type { CommitState, StatusInput } from '../../engine/ports/forge.ts';
import type { GitLabApi } from './client.ts';
import { projectPath } from './merge-requests.ts';
import { GitLabHttpError } from './requester.ts';

/** Kept to what GitHub keeps, so both forges show the same text (GitLab takes 255). */
const maxDescription = 140;

const states: Record<CommitState, 'running' | 'success' | 'failed'> = { pending: 'running', success: 'success', failure: 'failed', error: 'failed' };

function shorten(text: string): string {
  return text.length <= maxDescription ? text : `${text.slice(0, maxDescription - 1)}…`;
}

/** Reports the status; repeating the state a status already has is not an error. */
export async function setStatus(api: GitLabApi, input: StatusInput): Promise<void> {
  const state = states[input.state];
  try {
    await api.commits.editStatus(projectPath(input.repo), input.sha, state, { name: input.context, description: shorten(input.description), targetUrl: input.targetUrl });
  } catch (error) {
    // GitLab refuses a transition into the state the status is already in ("from :running").
    if (error instanceof GitLabHttpError && error.status === 400 && error.message.includes(`Cannot transition status`) && error.message.includes(`from :${state}`)) return;
    throw error;
  }
}
