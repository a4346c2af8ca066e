/**
 * The Octokit client autodevops talks to GitHub with: personal-token or GitHub App authentication
 * (JWT → installation token, cached and refreshed by @octokit/auth-app), and Octokit's own
 * throttling and retry plugins, which honour `x-ratelimit-*` and `retry-after`.
 */
import { createHash } from 'node:crypto';
import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import { AutodevopsError } from '../../core/errors.ts';

/** How autodevops authenticates to GitHub. */
export type GitHubAuth =
  | { kind: 'token'; token: string }
  /** A GitHub App installation; `privateKey` is the PEM the app's settings page downloads. */
  | { kind: 'app'; appId: number | string; privateKey: string; installationId: number };

/** Waiting and retrying; the defaults are GitHub's recommendations, tests shrink them. */
export interface GitHubTiming {
  /** Milliseconds Octokit waits per "second" of a retry delay (default 1000). */
  retryBaseMs?: number;
  /** How often to retry after a rate limit (default 3). */
  rateLimitRetries?: number;
  /** The longest rate-limit wait worth retrying after, in seconds (default 60); longer ones fail at once. */
  rateLimitMaxWaitSeconds?: number;
  /** Minimum spacing of writes, in ms (GitHub asks for 1000). */
  writeIntervalMs?: number;
  /** Minimum spacing of writes that notify people (comments, pull requests), in ms (GitHub asks for 3000). */
  notificationIntervalMs?: number;
}

/** Options of `createGitHubClient`. */
export interface GitHubClientOptions {
  auth: GitHubAuth;
  /** The API root; `https://<host>/api/v3` for GitHub Enterprise Server. Default: GitHub's public API. */
  baseUrl?: string;
  timing?: GitHubTiming;
  /** Receives Octokit's warnings (retries, deprecations); default: dropped. */
  warn?: (message: string) => void;
}

/** Octokit with the rate-limit plugins. */
export const GitHubOctokit = Octokit.plugin(throttling, retry);

/** An Octokit instance of `GitHubOctokit`. */
export type GitHubOctokitClient = InstanceType<typeof GitHubOctokit>;

/** A configured client and what callers need to know about its credentials. */
export interface GitHubClient {
  octokit: GitHubOctokitClient;
  auth: GitHubAuth['kind'];
  /** The app's id, for app authentication (check runs belong to it). */
  appId?: number;
  /** Credential texts to scrub from any message. */
  secrets: string[];
}

/** A client for the options; throws ADO_FORGE_AUTH when credentials are missing. */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const auth = checkedAuth(options.auth);
  const baseUrl = options.baseUrl ?? 'https://api.github.com';
  const warn = options.warn ?? ((): void => undefined);
  const octokit = new GitHubOctokit({
    baseUrl,
    userAgent: 'autodevops',
    log: { debug: () => undefined, info: () => undefined, warn, error: warn },
    ...(auth.kind === 'token'
      ? { auth: auth.token }
      : { authStrategy: createAppAuth, auth: { appId: auth.appId, privateKey: auth.privateKey, installationId: auth.installationId } }),
    throttle: throttleOptions(`${baseUrl}|${identity(auth)}`, options.timing ?? {}),
    // Rate limits (403/429) belong to the throttling plugin, which knows how long to wait.
    retry: { retryAfterBaseValue: options.timing?.retryBaseMs ?? 1000, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
  });
  const secrets = auth.kind === 'token' ? [auth.token] : [auth.privateKey];
  return { octokit, auth: auth.kind, secrets, ...(auth.kind === 'app' ? { appId: Number(auth.appId) } : {}) };
}

function checkedAuth(auth: GitHubAuth): GitHubAuth {
  const missing = missingSettings(auth);
  if (missing.length === 0) return auth;
  const what = auth.kind === 'token' ? 'no GitHub token is configured' : `the GitHub App settings lack ${missing.join(', ')}`;
  throw new AutodevopsError('ADO_FORGE_AUTH', `Cannot authenticate to GitHub: ${what}.`, {
    hint: auth.kind === 'token' ? 'Set GITHUB_TOKEN (or the forge token in autodevops.yml) to a token with repo access.' : 'Give the app id, its private key (PEM) and the installation id.',
  });
}

function missingSettings(auth: GitHubAuth): string[] {
  if (auth.kind === 'token') return auth.token.trim() === '' ? ['token'] : [];
  const settings: Array<[string, boolean]> = [
    ['appId', String(auth.appId).trim() !== ''],
    ['privateKey', auth.privateKey.trim() !== ''],
    ['installationId', Number.isInteger(auth.installationId) && auth.installationId > 0],
  ];
  return settings.filter(([, present]) => !present).map(([name]) => name);
}

/** Names the credential for the throttle's per-credential queues without exposing it. */
function identity(auth: GitHubAuth): string {
  return auth.kind === 'app' ? `app:${auth.appId}:${auth.installationId}` : `token:${createHash('sha256').update(auth.token).digest('hex').slice(0, 16)}`;
}

function throttleOptions(id: string, timing: GitHubTiming): ThrottlingOptions {
  const retries = timing.rateLimitRetries ?? 3;
  const maxWait = timing.rateLimitMaxWaitSeconds ?? 60;
  const onLimit = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number): boolean => retryCount < retries && retryAfter <= maxWait;
  return {
    id,
    retryAfterBaseValue: timing.retryBaseMs ?? 1000,
    onRateLimit: onLimit,
    onSecondaryRateLimit: onLimit,
    ...(timing.writeIntervalMs === undefined ? {} : { write: new Bottleneck.Group({ maxConcurrent: 1, minTime: timing.writeIntervalMs }) }),
    ...(timing.notificationIntervalMs === undefined ? {} : { notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: timing.notificationIntervalMs }) }),
  };
}
