/**
 * Directories that are not git repositories are versioned by content: a SHA-256 over every file's
 * path, executable bit and bytes (and every symlink's target), in path order, so the same files give
 * the same version wherever they are.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, readFile, readdir, readlink, symlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Copies `from` into `to` (which may be inside `from`: the data directory often is), leaving out
 * `.git` and whatever `exclude` says; symlinks stay symlinks, files keep their mode, and special
 * files (sockets, FIFOs) are left out. Files are copy-on-write clones where the file system can
 * make them (else copies), and the entries of a directory are copied concurrently.
 */
export async function copyTree(from: string, to: string, exclude: (absolute: string) => boolean = () => false): Promise<void> {
  await mkdir(to, { recursive: true });
  await Promise.all((await readdir(from, { withFileTypes: true })).map(async (e) => {
    const source = path.join(from, e.name);
    const target = path.join(to, e.name);
    if (e.name === '.git' || exclude(source)) return;
    if (e.isDirectory()) await copyTree(source, target, exclude);
    else if (e.isSymbolicLink()) await symlink(await readlink(source), target);
    else if (e.isFile()) await copyFile(source, target, constants.COPYFILE_FICLONE);
  }));
}

async function entries(dir: string, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) out.push(...(await entries(path.join(dir, e.name), rel)));
    else out.push(rel);
  }
  return out;
}

/** The content hash (64 hex digits) of a directory tree. */
export async function hashTree(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const rel of await entries(dir, '')) {
    const file = path.join(dir, ...rel.split('/'));
    const info = await lstat(file);
    if (info.isSymbolicLink()) hash.update(`l\0${rel}\0${await readlink(file)}\0`);
    else hash.update(`${info.mode & 0o111 ? 'x' : 'f'}\0${rel}\0${info.size}\0`).update(await readFile(file));
  }
  return hash.digest('hex');
}
