/**
 * Pushes a branch to a forge with a token, the way git's own `http.extraHeader` allows: the token
 * travels as a Basic authorization header set through `GIT_CONFIG_*` variables of that one git
 * process, scoped to the remote's origin. It is never written to `.git/config`, never part of a
 * URL (the remote is pushed to by URL, so no remote entry is stored; credentials inside a given
 * URL are removed), never handed to a credential helper (the helper list is emptied for the
 * command, so nothing is stored or looked up), and scrubbed from everything git prints.
 *
 * @example
 * const pushed = await pushBranch({ repoDir: '/work/app', remoteUrl: 'https://github.com/octo/app.git', branch: 'ado/fix-1', token, forge: 'github' });
 */
import { AutodevopsError, type ErrorCode } from '../../core/errors.ts';
import { runGit } from './git-process.ts';

/** What `pushBranch` needs. */
export interface PushBranchInput {
  /** A folder of the repository (a worktree is fine). */
  repoDir: string;
  /** `https://…`, `http://…`, `file://…`, an ssh URL or a local path. Credentials inside it are ignored. */
  remoteUrl: string;
  branch: string;
  /** The forge token; needed for http(s) remotes. */
  token: string;
  /** Which forge, for the user name git sends with the token. */
  forge: 'github' | 'gitlab';
  /** Overwrites the remote branch even when it has commits the local one lacks. */
  force?: boolean;
  signal?: AbortSignal;
}

/** A pushed branch. */
export interface PushedBranch {
  /** The commit the remote branch now points at. */
  sha: string;
  /** The remote URL without any credentials, safe to show. */
  remoteUrl: string;
  /** What git printed, scrubbed. */
  output: string;
}

/** The user names forges expect next to a token in Basic authentication. */
const tokenUser = { github: 'x-access-token', gitlab: 'oauth2' } as const;

/** Pushes `branch` to the remote under the same name. */
export async function pushBranch(input: PushBranchInput): Promise<PushedBranch> {
  const remote = withoutCredentials(input.remoteUrl);
  const secrets = secretsOf(input);
  const sha = await localCommit(input.repoDir, input.branch);
  const refspec = `${input.force ? '+' : ''}refs/heads/${input.branch}:refs/heads/${input.branch}`;
  const result = await runGit(input.repoDir, ['push', '--porcelain', '--', remote.url, refspec], { env: authEnvironment(remote.url, input), ...(input.signal ? { signal: input.signal } : {}) });
  const output = scrub(`${result.stdout}${result.stderr}`, secrets).trim();
  if (result.exitCode !== 0) throw pushError(output, remote.url, input.branch);
  return { sha, remoteUrl: remote.url, output };
}

/** The URL with any `user:password@` removed; other remotes (ssh, paths) as given. */
export function withoutCredentials(remoteUrl: string): { url: string; http: boolean } {
  if (!/^https?:\/\//i.test(remoteUrl)) return { url: remoteUrl, http: false };
  const url = new URL(remoteUrl);
  url.username = '';
  url.password = '';
  return { url: url.toString(), http: true };
}

/** Every text that would reveal the token: itself, the header value, and what a given URL carried. */
function secretsOf(input: PushBranchInput): string[] {
  const basic = Buffer.from(`${tokenUser[input.forge]}:${input.token}`).toString('base64');
  const embedded = /^https?:\/\/([^@/]*)@/i.exec(input.remoteUrl)?.[1]?.split(':') ?? [];
  return [input.token, basic, ...embedded.filter((p) => p.length >= 4)].filter((s) => s.length > 0);
}

async function localCommit(repoDir: string, branch: string): Promise<string> {
  const result = await runGit(repoDir, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`]);
  if (result.exitCode === 0) return result.stdout.trim();
  throw new AutodevopsError('ADO_CONFIG_INVALID', `Cannot push branch ${branch}: ${repoDir} has no such branch${result.stderr ? ` (${result.stderr.trim()})` : ''}.`, {
    hint: 'Name a branch that exists in the repository, e.g. the `branch` output of the autodevops/code step.',
  });
}

/** `GIT_CONFIG_*` for this command only: the header for the remote's origin, and no credential helpers. */
function authEnvironment(url: string, input: PushBranchInput): Record<string, string> {
  const noHelpers = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'credential.helper', GIT_CONFIG_VALUE_0: '' };
  if (!/^https?:\/\//i.test(url)) return noHelpers;
  if (input.token.trim() === '') {
    throw new AutodevopsError('ADO_FORGE_AUTH', `Cannot push ${input.branch} to ${url}: no ${input.forge === 'github' ? 'GitHub' : 'GitLab'} token is configured.`, {
      hint: input.forge === 'github' ? 'Set GITHUB_TOKEN, or the GitHub App settings (AUTODEVOPS_GITHUB_APP_*).' : 'Set GITLAB_TOKEN to an access token with the write_repository scope.',
    });
  }
  const origin = new URL(url).origin;
  const header = `Authorization: Basic ${Buffer.from(`${tokenUser[input.forge]}:${input.token}`).toString('base64')}`;
  return { ...noHelpers, GIT_CONFIG_COUNT: '2', GIT_CONFIG_KEY_1: `http.${origin}/.extraHeader`, GIT_CONFIG_VALUE_1: header };
}

/** Removes secrets, authorization headers and URL credentials from git's output. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out
    .replace(/(authorization:\s*\w+\s+)\S+/gi, '$1***')
    .replace(/(\w+:\/\/)[^/@\s]+@/g, '$1***@')
    .replace(/\b(gh[pousr]_[A-Za-z0-9_]{10,}|github_pat_[A-Za-z0-9_]{10,}|gl[a-z]{2,5}-[A-Za-z0-9_-]{16,})\b/g, '***');
}

const outcomes: Array<[RegExp, ErrorCode, string]> = [
  [/protected branch|GH006|You are not allowed to (push|force push)/i, 'ADO_FORGE_REFUSED', 'the branch is protected'],
  [/\(fetch first\)|non-fast-forward|\[rejected\]/i, 'ADO_FORGE_REFUSED', 'the remote branch has commits this one lacks'],
  [/Authentication failed|could not read (Username|Password)|terminal prompts disabled|returned error: 40[13]|Permission to .* denied|HTTP Basic: Access denied/i, 'ADO_FORGE_AUTH', 'the forge refused the token'],
  [/Repository not found|repository '[^']*' not found|does not appear to be a git repository|returned error: 404|project you were looking for could not be found/i, 'ADO_FORGE_NOT_FOUND', 'the repository does not exist, or the token cannot see it'],
];

function pushError(output: string, url: string, branch: string): AutodevopsError {
  const match = outcomes.find(([pattern]) => pattern.test(output));
  const code = match?.[1] ?? 'ADO_FORGE_REFUSED';
  const why = match?.[2] ?? 'git could not push';
  const hints: Partial<Record<ErrorCode, string>> = {
    ADO_FORGE_AUTH: 'Check the token and that it may write to the repository (GitHub: contents write; GitLab: write_repository).',
    ADO_FORGE_NOT_FOUND: 'Check the remote URL and that the token has access to the repository.',
  };
  const hint = why.startsWith('the remote branch') ? 'Push to a new branch, or pass force: true to overwrite the remote branch.' : hints[code];
  return new AutodevopsError(code, `Pushing ${branch} to ${url} failed: ${why}. git said: ${output || 'nothing'}`, hint ? { hint } : {});
}
