/**
 * Git sources: each remote is mirrored once into `<data-dir>/server/repos/` and fetched on each
 * registration; a commit's snapshot is a clone checked out at that commit, so runs see the same
 * files, history and `git rev-parse HEAD` as a checkout of it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { AutodevopsError } from '../../core/errors.ts';
import { withLock } from '../keyed-lock.ts';
import { git } from './git.ts';

/** The mirror of a remote inside the data directory. */
export function mirrorOf(dataDir: string, remote: string): string {
  return path.join(dataDir, 'server', 'repos', `${createHash('sha256').update(remote).digest('hex').slice(0, 16)}.git`);
}

const temp = (dir: string): string => `${dir}.tmp-${randomBytes(6).toString('hex')}`;

/** Moves a finished temporary directory into place; false (and the temporary one removed) when another got there first. */
async function settle(tmp: string, target: string): Promise<boolean> {
  try {
    await rename(tmp, target);
    return true;
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    if (existsSync(target)) return false;
    throw error;
  }
}

/** Fetches the remote into its mirror (cloning it the first time) and resolves `ref` to a commit sha. */
export function resolveRemoteRef(dataDir: string, remote: string, ref: string): Promise<{ mirror: string; commit: string }> {
  const mirror = mirrorOf(dataDir, remote);
  return withLock(mirror, async () => {
    if (existsSync(mirror)) await git(['fetch', '--quiet', '--prune', 'origin'], mirror);
    else {
      const tmp = temp(mirror);
      await git(['clone', '--mirror', '--quiet', '--', remote, tmp]).catch(async (e: unknown) => {
        await rm(tmp, { recursive: true, force: true });
        throw e;
      });
      await settle(tmp, mirror);
    }
    return { mirror, commit: await resolveCommit(mirror, ref) };
  });
}

/** The commit a ref (branch, tag, sha, HEAD) names in a repository. */
export async function resolveCommit(repository: string, ref: string): Promise<string> {
  try {
    return await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], repository);
  } catch (error) {
    throw new AutodevopsError('ADO_REQUEST_INVALID', `body.source.ref: "${ref}" names no commit of the repository`, { cause: error, hint: 'Give a branch, a tag or a commit sha that exists.' });
  }
}

/** Clones `from` at `commit` into `target` unless it exists; true when it was created now. */
export async function snapshotCommit(from: string, commit: string, target: string, origin: string): Promise<boolean> {
  if (existsSync(target)) return false;
  const tmp = temp(target);
  try {
    await git(['clone', '--quiet', '--no-checkout', '--', from, tmp]);
    await git(['-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--detach', commit], tmp);
    await git(['remote', 'set-url', 'origin', origin], tmp);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
  return settle(tmp, target);
}
