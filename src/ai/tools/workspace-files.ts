/**
 * The files of the workspace the tools look at: in a git work tree, what git knows and does not
 * ignore (tracked and untracked, minus deleted); elsewhere, a walk of the directory. Either way
 * .git and node_modules are left out, since they drown everything the agent is looking for.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gitOutput, isGitWorkTree } from './git-command.ts';

/** The walk stops after this many files, so a huge non-git tree cannot stall a tool. */
export const walkLimit = 100_000;

const skipped = new Set(['.git', 'node_modules']);

/** Relative `/`-separated paths of the workspace's files, sorted. */
export async function workspaceFiles(workspace: string, signal?: AbortSignal): Promise<string[]> {
  const files = (await isGitWorkTree(workspace, signal)) ? await gitFiles(workspace, signal) : await walk(workspace, '');
  return files.filter((file) => !file.split('/').some((part) => skipped.has(part))).sort();
}

async function gitFiles(workspace: string, signal?: AbortSignal): Promise<string[]> {
  const listed = await gitOutput(workspace, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], signal);
  const deleted = new Set(split(await gitOutput(workspace, ['ls-files', '-z', '--deleted'], signal)));
  return [...new Set(split(listed))].filter((file) => !deleted.has(file));
}

function split(output: string): string[] {
  return output.split('\0').filter(Boolean);
}

async function walk(root: string, prefix: string, found: string[] = []): Promise<string[]> {
  const entries = await readdir(join(root, prefix), { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (found.length >= walkLimit) break;
    if (skipped.has(entry.name)) continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) await walk(root, path, found);
    else found.push(path);
  }
  return found;
}
