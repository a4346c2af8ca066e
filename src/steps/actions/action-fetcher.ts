/**
 * Fetches remote actions (`owner/repo@ref`) with the real `git` from a configurable server
 * (`<server>/<owner>/<repo>`, default https://github.com), into the cache of action-cache.ts.
 *
 * Online, a ref is resolved with `git ls-remote` (tags before branches, as git itself reads a
 * name) and the commit is downloaded only when it is not cached yet. When the server cannot be
 * reached, the commit the ref resolved to last time is used. Offline, only the cache is used.
 * Within one process a repository@ref is fetched once at a time: concurrent steps share one promise.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { failureKind, permanent, retryable, type StepFailure } from '../../core/failure.ts';
import { RepositoryCache } from './action-cache.ts';
import { repositoryKey, type RemoteReference } from './action-reference.ts';
import { git, GitError, type GitOptions } from './git-command.ts';

/** Where and how actions are fetched. */
export interface ActionFetcherOptions {
  /** Base URL of the git server; `<server>/<owner>/<repo>` is cloned. */
  server: string;
  dataDir: string;
  /** Use the cache only. */
  offline: boolean;
  /** Environment for git; default process.env. */
  env?: Record<string, string | undefined>;
  /** Limit for each git command; default 5 minutes. */
  timeoutMs?: number;
  /** How long a resolved ref is reused in this process before it is resolved again; default 60 s. */
  reuseMs?: number;
  /** Clock for `reuseMs` and the index; default Date.now. */
  now?: () => number;
}

/** A repository's files at one commit. */
export interface FetchedRepository {
  /** Directory of the repository's files (no `.git`). */
  dir: string;
  sha: string;
  /** Whether this needed the network, or came from the cache (and why, when the server could not be reached). */
  source: 'network' | 'cache' | 'cache-unreachable';
}

/** Fetches repositories of actions. */
export interface ActionFetcher {
  fetch(ref: RemoteReference, signal?: AbortSignal): Promise<FetchedRepository>;
}

const fullSha = /^[0-9a-f]{40}$/i;

/** A fetcher with its own in-process memory of what it fetched. */
export function createActionFetcher(options: ActionFetcherOptions): ActionFetcher {
  const now = options.now ?? Date.now;
  const reuseMs = options.reuseMs ?? 60_000;
  const inflight = new Map<string, { at: number; promise: Promise<FetchedRepository> }>();
  return {
    fetch(ref, signal) {
      const key = repositoryKey(ref);
      const known = inflight.get(key);
      if (known && (fullSha.test(ref.ref) || now() - known.at < reuseMs)) return known.promise;
      const promise = fetchOnce(ref, options, now, signal);
      inflight.set(key, { at: now(), promise });
      // A failure is not remembered: the next step tries again.
      promise.catch(() => inflight.get(key)?.promise === promise && inflight.delete(key));
      return promise;
    },
  };
}

async function fetchOnce(ref: RemoteReference, options: ActionFetcherOptions, now: () => number, signal?: AbortSignal): Promise<FetchedRepository> {
  const cache = new RepositoryCache(options.dataDir, ref.owner, ref.repo);
  const isSha = fullSha.test(ref.ref);
  const sha = isSha ? ref.ref.toLowerCase() : undefined;
  if (sha !== undefined && cache.has(sha)) return { dir: cache.commitDir(sha), sha, source: 'cache' };
  if (options.offline) return fromCacheOffline(ref, cache, options);
  const gitOptions: GitOptions = { env: options.env ?? process.env, timeoutMs: options.timeoutMs ?? 300_000, signal };
  const url = repositoryUrl(options.server, ref);
  let target: { sha: string; want: string };
  try {
    target = sha !== undefined ? { sha, want: sha } : await resolveRef(url, ref, gitOptions);
  } catch (e) {
    // Only a server that cannot be reached (not one that says no) falls back to what was fetched before.
    const cached = sha === undefined && failureKind(e) === 'retryable' ? await cache.lookup(ref.ref) : undefined;
    if (cached) return { dir: cache.commitDir(cached.sha), sha: cached.sha, source: 'cache-unreachable' };
    throw e;
  }
  const fetched = cache.has(target.sha) ? { dir: cache.commitDir(target.sha), sha: target.sha, source: 'cache' as const } : await download(url, ref, target, cache, gitOptions);
  if (sha === undefined) await cache.remember(ref.ref, fetched.sha, now());
  return fetched;
}

/** `<server>/<owner>/<repo>`. */
export function repositoryUrl(server: string, ref: RemoteReference): string {
  return `${server.replace(/\/+$/, '')}/${ref.owner}/${ref.repo}`;
}

async function fromCacheOffline(ref: RemoteReference, cache: RepositoryCache, options: ActionFetcherOptions): Promise<FetchedRepository> {
  const entry = fullSha.test(ref.ref) ? undefined : await cache.lookup(ref.ref);
  if (entry) return { dir: cache.commitDir(entry.sha), sha: entry.sha, source: 'cache' };
  const name = `${ref.owner}/${ref.repo}@${ref.ref}`;
  throw permanent(
    `${name} is not in the action cache (${join(options.dataDir, 'actions')}) and actions are offline (--action-offline): ` +
      `run once without --action-offline to fetch it, or use a local copy with --action-override ${name}=./path/to/copy`,
  );
}

/** The commit a branch or tag names on the server: tags first, as git reads a bare name. */
async function resolveRef(url: string, ref: RemoteReference, options: GitOptions): Promise<{ sha: string; want: string }> {
  const candidates = [`refs/tags/${ref.ref}^{}`, `refs/tags/${ref.ref}`, `refs/heads/${ref.ref}`];
  const output = await lsRemote(url, ref, candidates, options);
  const found = new Map(output.split('\n').filter(Boolean).map((line) => line.split('\t') as [string, string]).map(([sha, name]) => [name, sha]));
  const name = candidates.find((c) => found.has(c));
  if (name === undefined) throw permanent(`Unable to resolve action \`${ref.owner}/${ref.repo}@${ref.ref}\`, unable to find version \`${ref.ref}\` (no such tag or branch at ${url})`);
  return { sha: found.get(name)!, want: name.replace(/\^\{\}$/, '') };
}

async function lsRemote(url: string, ref: RemoteReference, patterns: string[], options: GitOptions): Promise<string> {
  try {
    return await git(['ls-remote', '--', url, ...patterns], options);
  } catch (e) {
    throw unreachable(ref, url, e);
  }
}

/** Downloads one commit into a temporary directory, drops `.git`, and moves it into the cache. */
async function download(url: string, ref: RemoteReference, target: { sha: string; want: string }, cache: RepositoryCache, options: GitOptions): Promise<FetchedRepository> {
  const temp = await cache.temporaryDir();
  try {
    await git(['init', '--quiet', temp], options);
    const inRepo = { ...options, cwd: temp };
    await git(['fetch', '--quiet', '--depth', '1', '--no-tags', '--', url, target.want], inRepo).catch((e: unknown) => {
      throw unreachable(ref, url, e);
    });
    await git(['-c', 'advice.detachedHead=false', 'checkout', '--quiet', 'FETCH_HEAD'], inRepo);
    const sha = (await git(['rev-parse', 'HEAD'], inRepo)).trim();
    await rm(join(temp, '.git'), { recursive: true, force: true });
    return { dir: await cache.install(temp, sha), sha, source: 'network' };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** Why the server did not give the repository; a network failure may pass, a missing repository will not. */
function unreachable(ref: RemoteReference, url: string, e: unknown): StepFailure {
  if (!(e instanceof GitError)) return e as StepFailure;
  const message = `Unable to resolve action \`${ref.owner}/${ref.repo}@${ref.ref}\` from ${url}: ${e.reason}`;
  const missing = /not found|does not exist|does not appear to be a git repository|not our ref|couldn't find remote ref/i.test(e.reason);
  return missing || e.reason === 'cancelled' ? permanent(message, e) : retryable(message, e);
}
