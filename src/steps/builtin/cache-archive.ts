/**
 * Cache archives: gzip'd tar files (the `tar` package). Paths inside the workspace are stored
 * relative to it, so a cache saved from one checkout restores into another; paths outside it
 * (`~/.npm`) are stored absolute and restored where they were.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import * as tar from 'tar';

/** Archives `paths` (files or whole directories) into `file`, leaving out what `excluded` says. */
export async function createArchive(file: string, workspace: string, paths: readonly string[], excluded: (absolute: string) => boolean): Promise<void> {
  const entries = paths.map((p) => (isInside(p, workspace) ? path.relative(workspace, p) || '.' : p));
  await tar.create({ gzip: true, file, cwd: workspace, preservePaths: true, portable: true, filter: (p) => !excluded(path.resolve(workspace, p)) }, entries);
}

/** Restores an archive made by createArchive into `workspace` (and absolute paths where they were). */
export async function extractArchive(file: string, workspace: string): Promise<void> {
  await mkdir(workspace, { recursive: true });
  await tar.extract({ file, cwd: workspace, preservePaths: true });
}

function isInside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
