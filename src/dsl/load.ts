/**
 * Reading workflow files from disk, with the guards that keep bad input away from the parser:
 * missing paths, directories, empty, binary or oversized files become errors that name the path.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { AutodevopsError } from '../core/errors.ts';

/** The largest workflow file accepted, checked before reading (GitHub's own limit is lower). */
export const MAX_WORKFLOW_BYTES = 1024 * 1024;

/** Reads a workflow file as UTF-8 text. Throws ADO_WORKFLOW_NOT_FOUND or ADO_WORKFLOW_UNREADABLE. */
export async function readWorkflowFile(path: string): Promise<{ file: string; text: string }> {
  const info = await statOrThrow(path);
  if (info.isDirectory()) throw unreadable(path, 'this is a directory; give a workflow file (.yml or .yaml)');
  if (!info.isFile()) throw unreadable(path, 'this is not a regular file');
  if (info.size > MAX_WORKFLOW_BYTES) throw unreadable(path, `the file is ${info.size} bytes; workflow files may be at most 1 MiB (${MAX_WORKFLOW_BYTES} bytes)`);
  const bytes = await readOrThrow(path);
  return { file: path, text: decode(path, bytes) };
}

/**
 * The workflow files at `fileOrDir`: the file itself, or the sorted `*.yml`/`*.yaml` files of a
 * directory — of its `.github/workflows` when it has one (so a repository root works).
 */
export async function discoverWorkflows(fileOrDir: string): Promise<string[]> {
  const info = await statOrThrow(fileOrDir);
  if (!info.isDirectory()) return [fileOrDir];
  const nested = join(fileOrDir, '.github', 'workflows');
  const dir = (await isDirectory(nested)) ? nested : fileOrDir;
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => !e.isDirectory() && /\.ya?ml$/i.test(e.name))
    .map((e) => e.name)
    .sort()
    .map((name) => join(dir, name));
}

function decode(path: string, bytes: Buffer): string {
  if (bytes.length > MAX_WORKFLOW_BYTES) throw unreadable(path, `the file is larger than 1 MiB (${MAX_WORKFLOW_BYTES} bytes)`);
  if (bytes.includes(0)) throw unreadable(path, 'this is a binary file (it contains NUL bytes), not YAML text');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw unreadable(path, 'the file is not valid UTF-8 text');
  }
  if (text.trim() === '') throw unreadable(path, 'the file is empty; a workflow needs at least `on:` and `jobs:`');
  return text;
}

async function statOrThrow(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') {
      throw new AutodevopsError('ADO_WORKFLOW_NOT_FOUND', `${path}: no such file or directory`, { cause: e });
    }
    throw unreadable(path, `the file cannot be read (${errnoCode(e) ?? String(e)})`, e);
  }
}

async function readOrThrow(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw unreadable(path, `the file cannot be read (${errnoCode(e) ?? String(e)})`, e);
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function unreadable(path: string, what: string, cause?: unknown): AutodevopsError {
  return new AutodevopsError('ADO_WORKFLOW_UNREADABLE', `${path}: ${what}`, { cause });
}

function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}
