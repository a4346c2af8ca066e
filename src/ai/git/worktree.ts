/**
 * Git work for the `code` step: each change is made in its own worktree on its own branch, so the
 * user's checkout is never touched, and a resumed run finds its branch and worktree again.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AutodevopsError } from '../../core/errors.ts';
import { execGit, git, gitError, gitTest } from './git-exec.ts';

/** A worktree checked out on a branch of its own. */
export interface Worktree {
  /** The repository it belongs to, as given. */
  repo: string;
  /** Absolute path of the worktree. */
  dir: string;
  branch: string;
  /** The commit the branch started from (for a reused branch, its merge base with `base`). */
  baseSha: string;
  /** True when the branch existed already (a resumed run) and was reused. */
  reused: boolean;
}

/** Options of {@link createWorktree}. */
export interface CreateWorktreeOptions {
  /** Branch to create, or to reuse when it exists. */
  branch: string;
  /** What a new branch starts from; default `HEAD`. */
  base?: string;
  /** Where to put the worktree; relative paths are relative to the repository. */
  dir: string;
}

/** The identity used for commits when git has none configured (e.g. on a fresh server). */
export const defaultIdentity = { name: 'autodevops', email: 'autodevops@localhost' } as const;

/**
 * Creates an isolated worktree on a new branch from `base` (`git worktree add -b`). When the branch
 * exists already, it is reused: its existing worktree if it has one, else a new one at `dir`.
 * @throws AutodevopsError ADO_CONFIG_INVALID when `repo` is not a git repository or `base` is no commit.
 */
export async function createWorktree(repo: string, options: CreateWorktreeOptions): Promise<Worktree> {
  const { branch } = options;
  const baseSha = await resolveCommit(repo, options.base ?? 'HEAD');
  const dir = resolve(repo, options.dir);
  if (!(await gitTest(repo, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`]))) {
    await git(repo, ['worktree', 'add', '--quiet', '-b', branch, dir, baseSha]);
    return { repo, dir, branch, baseSha, reused: false };
  }
  await git(repo, ['worktree', 'prune']);
  const existing = await worktreeOf(repo, branch);
  if (existing === undefined) await git(repo, ['worktree', 'add', '--quiet', dir, branch]);
  const mergeBase = (await git(repo, ['merge-base', baseSha, `refs/heads/${branch}`])).trim();
  return { repo, dir: existing ?? dir, branch, baseSha: mergeBase, reused: true };
}

async function resolveCommit(repo: string, rev: string): Promise<string> {
  const result = await execGit(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  if (result.exitCode === 0) return result.stdout.trim();
  if (result.exitCode > 1) throw gitError(repo, ['rev-parse', rev], result);
  throw new AutodevopsError('ADO_CONFIG_INVALID', `"${rev}" is not a commit in ${repo}`, {
    hint: rev === 'HEAD' ? 'The repository has no commits yet: commit once, then try again.' : 'Name an existing branch, tag or commit as the base.',
  });
}

/** The worktree that has `branch` checked out, if any; the main checkout is refused, as it is not isolated. */
async function worktreeOf(repo: string, branch: string): Promise<string | undefined> {
  const blocks = (await git(repo, ['worktree', 'list', '--porcelain'])).split('\n\n');
  const index = blocks.findIndex((b) => b.split('\n').includes(`branch refs/heads/${branch}`));
  if (index < 0) return undefined;
  if (index === 0) {
    throw new AutodevopsError('ADO_CONFIG_INVALID', `Branch ${branch} is checked out in ${repo} itself, so it cannot get a separate worktree`, {
      hint: 'Switch the repository to another branch, or let autodevops use another branch name.',
    });
  }
  return blocks[index]!.split('\n')[0]!.slice('worktree '.length);
}

/** Removes a worktree (its branch stays); a worktree whose folder is gone is just forgotten. */
export async function removeWorktree(repo: string, dir: string, options: { force?: boolean } = {}): Promise<void> {
  const path = resolve(repo, dir);
  if (existsSync(path)) await git(repo, ['worktree', 'remove', ...(options.force ? ['--force'] : []), path]);
  await git(repo, ['worktree', 'prune']);
}

/** Options of {@link commitAll}. */
export interface CommitOptions {
  /** The commit's author; by default git's configured user, or {@link defaultIdentity}. */
  author?: { name: string; email: string };
}

/**
 * Stages every change (new, modified and deleted files) and commits it. Returns undefined when there
 * is nothing to commit. Without a configured identity, commits as {@link defaultIdentity}.
 */
export async function commitAll(dir: string, message: string, options: CommitOptions = {}): Promise<{ sha: string } | undefined> {
  await git(dir, ['add', '--all']);
  if (await gitTest(dir, ['diff', '--cached', '--quiet'])) return undefined;
  const author = options.author ? [`--author=${options.author.name} <${options.author.email}>`] : [];
  await git(dir, [...(await identityConfig(dir)), 'commit', '--quiet', '-m', message, ...author]);
  return { sha: await headSha(dir) };
}

/** `-c user.name=… -c user.email=…` for whatever git has not got configured. */
async function identityConfig(dir: string): Promise<string[]> {
  const name = await configValue(dir, 'user.name');
  const email = await configValue(dir, 'user.email');
  return [
    ...(name === undefined ? ['-c', `user.name=${defaultIdentity.name}`] : []),
    ...(email === undefined ? ['-c', `user.email=${defaultIdentity.email}`] : []),
  ];
}

async function configValue(dir: string, key: string): Promise<string | undefined> {
  const result = await execGit(dir, ['config', '--get', key]);
  if (result.exitCode > 1) throw gitError(dir, ['config', '--get', key], result);
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

/** The commit where HEAD's history left `base`: what a pull request from HEAD into `base` compares against. */
async function mergeBaseWithHead(dir: string, base: string): Promise<string> {
  const result = await execGit(dir, ['merge-base', '--end-of-options', base, 'HEAD']);
  if (result.exitCode === 0) return result.stdout.trim();
  if (result.exitCode > 1) throw gitError(dir, ['merge-base', base, 'HEAD'], result);
  throw new AutodevopsError('ADO_CONFIG_INVALID', `HEAD in ${dir} shares no history with "${base}"`, {
    hint: 'Compare against a branch or commit that HEAD was created from.',
  });
}

/** The unified diff of the commits on HEAD since it left `base` (as a pull request shows it). */
export async function diff(dir: string, options: { base: string }): Promise<string> {
  const from = await mergeBaseWithHead(dir, options.base);
  return git(dir, ['diff', '--no-color', '--no-ext-diff', from, 'HEAD']);
}

/** Paths (relative to the worktree) changed by the commits on HEAD since it left `base`. */
export async function changedFiles(dir: string, options: { base: string }): Promise<string[]> {
  const from = await mergeBaseWithHead(dir, options.base);
  const out = await git(dir, ['diff', '--name-only', '-z', '--no-ext-diff', from, 'HEAD']);
  return out.split('\0').filter((p) => p !== '');
}

/** The branch checked out in `dir`, or undefined when HEAD is detached. */
export async function currentBranch(dir: string): Promise<string | undefined> {
  const result = await execGit(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  if (result.exitCode > 1) throw gitError(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD'], result);
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

/** The full sha of the commit HEAD points at. */
export async function headSha(dir: string): Promise<string> {
  return (await git(dir, ['rev-parse', '--verify', 'HEAD'])).trim();
}
