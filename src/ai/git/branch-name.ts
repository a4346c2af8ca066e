/** Branch names for AI changes: readable, ASCII, always valid for `git check-ref-format`. */
import { git } from './git-exec.ts';

/** Every branch autodevops creates lives under this prefix. */
export const branchPrefix = 'autodevops/';

/** Longest name {@link slugBranch} returns; {@link uniqueBranch} may add a few characters. */
export const maxBranchLength = 48;

/** Letters that Unicode decomposition does not reduce to ASCII. */
const transliterations: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', þ: 'th', ł: 'l', ı: 'i' };

/**
 * A branch name from an instruction: accents dropped, lowercase, words of letters and digits
 * joined by '-', cut at a word boundary. Text without such words gives `autodevops/change`.
 * @example slugBranch('Fix the login bug!') // 'autodevops/fix-the-login-bug'
 */
export function slugBranch(instruction: string): string {
  const words = instruction.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[ßæœøđðþłı]/g, (c) => transliterations[c]!)
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  const room = maxBranchLength - branchPrefix.length;
  let slug = '';
  for (const word of words) {
    const longer = slug === '' ? word : `${slug}-${word}`;
    if (longer.length > room) {
      if (slug === '') slug = word.slice(0, room);
      break;
    }
    slug = longer;
  }
  return `${branchPrefix}${slug === '' ? 'change' : slug}`;
}

/**
 * `name`, or `name-2`, `name-3`… when a local or remote-tracking branch already has that name
 * (or has it as a folder, which git could not create either).
 */
export async function uniqueBranch(repo: string, name: string): Promise<string> {
  const taken = await branchNames(repo);
  const clashes = (candidate: string): boolean => taken.some((t) => t === candidate || t.startsWith(`${candidate}/`));
  if (!clashes(name)) return name;
  for (let n = 2; ; n++) if (!clashes(`${name}-${n}`)) return `${name}-${n}`;
}

/** Short names of local branches and of remote-tracking branches (without the remote's name). */
async function branchNames(repo: string): Promise<string[]> {
  const refs = await git(repo, ['for-each-ref', '--format=%(refname)', 'refs/heads/', 'refs/remotes/']);
  return refs.split('\n').filter((r) => r !== '').map((r) => (r.startsWith('refs/heads/') ? r.slice('refs/heads/'.length) : r.split('/').slice(3).join('/')));
}
