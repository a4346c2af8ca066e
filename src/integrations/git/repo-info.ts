/**
 * What the forge steps read from the local repository: a remote's URL, the checked-out branch,
 * the remote's default branch, a commit, and the diff a pull request would show.
 */
import { AutodevopsError } from '../../core/errors.ts';
import { runGit } from './git-process.ts';

async function gitText(repoDir: string, args: string[], what: string): Promise<string> {
  const result = await runGit(repoDir, args);
  if (result.exitCode === 0) return result.stdout.trim();
  throw new AutodevopsError('ADO_CONFIG_INVALID', `Cannot read ${what} in ${repoDir}: ${result.stderr.trim() || `git ${args[0]} exited ${result.exitCode}`}`, {
    hint: 'Point the step at a git repository (`with: path`) and check the name it was given.',
  });
}

/** The URL of a configured remote (`origin`…). */
export function remoteUrlOf(repoDir: string, name: string): Promise<string> {
  return gitText(repoDir, ['remote', 'get-url', '--', name], `the URL of remote "${name}"`);
}

/** The URL of a configured remote, or undefined when the repository has no remote of that name. */
export async function remoteUrlIfAny(repoDir: string, name: string): Promise<string | undefined> {
  const result = await runGit(repoDir, ['remote', 'get-url', '--', name]);
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

/** The checked-out branch, or undefined when HEAD is detached. */
export async function currentBranch(repoDir: string): Promise<string | undefined> {
  const result = await runGit(repoDir, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

/** The remote's default branch as the last fetch recorded it (`refs/remotes/<remote>/HEAD`), if known. */
export async function remoteDefaultBranch(repoDir: string, remote: string): Promise<string | undefined> {
  const result = await runGit(repoDir, ['symbolic-ref', '--quiet', '--short', `refs/remotes/${remote}/HEAD`]);
  return result.exitCode === 0 ? result.stdout.trim().slice(remote.length + 1) : undefined;
}

/** The commit a revision names. */
export function commitOf(repoDir: string, rev: string): Promise<string> {
  return gitText(repoDir, ['rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`], `commit "${rev}"`);
}

/** `git diff base...head`: what a pull request from head into base shows. */
export function pullRequestDiff(repoDir: string, base: string, head: string): Promise<string> {
  return gitText(repoDir, ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', '--src-prefix=a/', '--dst-prefix=b/', '-M', `${base}...${head}`, '--'], `the diff of ${base}...${head}`);
}
