/**
 * Resolves a command's working directory and refuses one outside the workspace, symlinks
 * included: inside bubblewrap such a directory would not exist, and without it the command would
 * start somewhere it should not.
 */
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** The real path of `cwd` (relative to the workspace, or absolute); throws RangeError when outside. */
export async function workingDirectory(workspace: string, cwd: string | undefined): Promise<string> {
  const wanted = resolve(workspace, cwd ?? '.');
  let real: string;
  try {
    real = await realpath(wanted);
  } catch {
    throw new RangeError(`The working directory ${wanted} does not exist.`);
  }
  if (!isInside(workspace, real)) throw new RangeError(`The working directory ${cwd} is outside the workspace ${workspace}.`);
  return real;
}

/** True when `path` is `root` or below it (both already real, absolute paths). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
