/**
 * A run's workspace: its own copy of a version's snapshot (`server/workspaces/<id>`), so one run's
 * files never reach the next run. Only the files a run may change are copied, as copy-on-write
 * clones where the file system can make them (btrfs, XFS: no data is copied): a commit snapshot's
 * `.git` holds the whole history, which runs only read, so the workspace's `.git` takes the small
 * files (HEAD, refs, config, index) and borrows the snapshot's object store through git's
 * `objects/info/alternates`, as `git clone --shared` does. Snapshots are immutable and kept, so
 * the borrowed objects stay. Copying `.git/objects` made each dispatch as slow as the history is long.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { copyTree } from './content-tree.ts';

/** A fresh workspace for one run of the snapshot in `snapshot`. */
export async function createWorkspace(dataDir: string, snapshot: string): Promise<string> {
  const dir = path.join(dataDir, 'server', 'workspaces', randomUUID());
  await copyTree(snapshot, dir);
  const gitDir = path.join(snapshot, '.git');
  if (existsSync(gitDir)) await shareGitDir(gitDir, path.join(dir, '.git'));
  return dir;
}

/** A `.git` directory with the files of `from` and its objects borrowed, not copied. */
async function shareGitDir(from: string, to: string): Promise<void> {
  const objects = path.join(from, 'objects');
  await copyTree(from, to, (p) => p === objects);
  await mkdir(path.join(to, 'objects', 'info'), { recursive: true });
  await mkdir(path.join(to, 'objects', 'pack'), { recursive: true });
  await writeFile(path.join(to, 'objects', 'info', 'alternates'), `${path.resolve(objects)}\n`);
}
