/**
 * The built-in search, for machines without ripgrep: walks the workspace's files (as git sees
 * them) and tests each line with a JavaScript regular expression. Slower, and its regex dialect
 * is JavaScript's rather than Rust's, but the results have the same shape.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { matchesPattern } from './path-glob.ts';
import type { SearchHit, SearchOutcome, SearchQuery } from './search-query.ts';
import { looksBinary, splitLines } from './text-format.ts';
import { ToolFailure } from './tool.ts';
import { workspaceFiles } from './workspace-files.ts';

/** Files larger than this are skipped, as ripgrep users rarely want hits in huge generated files. */
export const maxSearchedFileBytes = 4 * 1024 * 1024;

/** Searches without ripgrep. */
export async function searchBuiltIn(workspace: string, query: SearchQuery, signal?: AbortSignal): Promise<SearchOutcome> {
  const regex = compile(query);
  const hits: SearchHit[] = [];
  for (const file of selectFiles(await workspaceFiles(workspace, signal), query)) {
    signal?.throwIfAborted();
    const text = await readSearchable(join(workspace, file));
    for (const [index, line] of splitLines(text ?? '').entries()) {
      if (!regex.test(line)) continue;
      if (hits.length === query.limit) return { hits, more: true };
      hits.push({ file, line: index + 1, text: line });
    }
  }
  return { hits, more: false };
}

function compile(query: SearchQuery): RegExp {
  const source = query.literal ? query.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : query.pattern;
  try {
    return new RegExp(source, query.caseInsensitive ? 'i' : '');
  } catch (error) {
    throw new ToolFailure(`the pattern is not a valid regular expression: ${(error as Error).message}`);
  }
}

function selectFiles(files: readonly string[], query: SearchQuery): string[] {
  const under = query.path === '.' ? files : files.filter((file) => file === query.path || file.startsWith(`${query.path}/`));
  return query.glob === undefined ? [...under] : under.filter((file) => matchesPattern(file, query.glob!));
}

async function readSearchable(path: string): Promise<string | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile() || info.size > maxSearchedFileBytes) return undefined;
  const bytes = await readFile(path);
  return looksBinary(bytes) ? undefined : bytes.toString('utf8');
}
