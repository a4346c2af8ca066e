/**
 * The gitbeaker resources autodevops talks to GitLab with, authenticated by a personal, project or
 * group access token (sent as `PRIVATE-TOKEN`), over the requester in requester.ts.
 */
import { Commits, IssueNotes, Issues, MergeRequestDiscussions, MergeRequestNotes, MergeRequests, ProjectMembers } from '@gitbeaker/rest';
import { AutodevopsError } from '../../core/errors.ts';
import { gitlabRequester, type GitLabTiming } from './requester.ts';

/** Options of `createGitLabClient`. */
export interface GitLabClientOptions {
  /** An access token with the `api` scope. */
  token: string;
  /** The instance root (`https://gitlab.example.com`); a trailing `/api/v4` is accepted too. Default: GitLab.com. */
  url?: string;
  timing?: GitLabTiming;
}

/** The resources the forge uses. */
export interface GitLabApi {
  mergeRequests: MergeRequests;
  mergeRequestNotes: MergeRequestNotes;
  mergeRequestDiscussions: MergeRequestDiscussions;
  issues: Issues;
  issueNotes: IssueNotes;
  commits: Commits;
  members: ProjectMembers;
}

/** A configured client and the credential texts to scrub from any message. */
export interface GitLabClient {
  api: GitLabApi;
  /** The instance root, where the web pages live. */
  root: string;
  secrets: string[];
}

/** The instance root without a trailing slash or `/api/v4`. */
export function instanceRoot(url = 'https://gitlab.com'): string {
  return url.replace(/\/+$/, '').replace(/\/api\/v4$/, '');
}

/** A client for the options; throws ADO_FORGE_AUTH when the token is missing. */
export function createGitLabClient(options: GitLabClientOptions): GitLabClient {
  if (options.token.trim() === '') {
    throw new AutodevopsError('ADO_FORGE_AUTH', 'Cannot authenticate to GitLab: no GitLab token is configured.', {
      hint: 'Set GITLAB_TOKEN to a personal, project or group access token with the api scope.',
    });
  }
  const root = instanceRoot(options.url);
  const config = { host: root, token: options.token, requesterFn: gitlabRequester(options.timing) };
  const api: GitLabApi = {
    mergeRequests: new MergeRequests(config),
    mergeRequestNotes: new MergeRequestNotes(config),
    mergeRequestDiscussions: new MergeRequestDiscussions(config),
    issues: new Issues(config),
    issueNotes: new IssueNotes(config),
    commits: new Commits(config),
    members: new ProjectMembers(config),
  };
  return { api, root, secrets: [options.token] };
}
