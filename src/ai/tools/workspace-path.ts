/**
 * Turns a path the model gave into a real path inside the workspace, or refuses it. Paths are
 * relative to the workspace; `..`, absolute paths and symbolic links that lead out are refused,
 * checked on real paths (realpath) so no link inside the workspace can point a tool elsewhere.
 */
import { lstat, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ToolFailure } from './tool.ts';

/** A path inside the workspace. */
export interface WorkspacePath {
  /** The real absolute path (symbolic links followed). */
  real: string;
  /** The real absolute path of the parent directory joined with the last name (the link itself, for a link). */
  entry: string;
  /** Relative to the workspace, with `/` separators (`.` for the workspace itself). */
  display: string;
}

/** Resolves `path` inside `workspace`; `write` also refuses paths inside `.git`. @throws ToolFailure */
export async function workspacePath(workspace: string, path: string, options: { write?: boolean } = {}): Promise<WorkspacePath> {
  const root = await realpath(workspace);
  refuseLexicalEscape(root, path);
  const entry = join(await realExistingPath(root, dirname(resolve(root, path))), basename(resolve(root, path)));
  const real = await realTarget(root, entry, path);
  const display = toDisplay(root, real);
  if (!isInside(root, real) || !isInside(root, entry)) throw new ToolFailure(`${path} leads outside the workspace (through a symbolic link); only paths inside the workspace can be used.`);
  if (options.write && (display === '.git' || display.startsWith('.git/'))) throw new ToolFailure(`${path} is inside .git; the repository's internals cannot be changed with file tools.`);
  return { real, entry, display };
}

function refuseLexicalEscape(root: string, path: string): void {
  if (path.trim() === '') throw new ToolFailure('The path is empty; give a path relative to the workspace, e.g. "src/index.ts" or ".".');
  if (isAbsolute(path)) {
    const inside = isInside(root, path) ? ` Inside the workspace it is "${toDisplay(root, path)}".` : '';
    throw new ToolFailure(`${path} is an absolute path; paths must be relative to the workspace root.${inside}`);
  }
  if (!isInside(root, resolve(root, path))) throw new ToolFailure(`${path} leads outside the workspace (through ".."); only paths inside the workspace can be used.`);
}

/** The real path of `dir`, or of its nearest existing ancestor joined with the missing rest. */
async function realExistingPath(root: string, dir: string): Promise<string> {
  try {
    return await realpath(dir);
  } catch {
    if (dir === root || dirname(dir) === dir) return dir;
    return join(await realExistingPath(root, dirname(dir)), basename(dir));
  }
}

/** Follows `entry` if it is a link; a link whose target does not exist cannot be checked, so it is refused. */
async function realTarget(root: string, entry: string, path: string): Promise<string> {
  try {
    return await realpath(entry);
  } catch {
    const link = await lstat(entry).catch(() => undefined);
    if (link?.isSymbolicLink()) throw new ToolFailure(`${path} is a symbolic link to ${await readlink(entry)}, which does not exist; it cannot be used.`);
    return entry;
  }
}

/** True when `path` is `root` or below it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function toDisplay(root: string, path: string): string {
  return relative(root, path).split(sep).join('/') || '.';
}
