/**
 * A compact map of the repository for the agent's first prompt: the files, each with its
 * top-level declarations, most useful first, cut to a token budget. Shallow files and files that
 * declare much are ranked first, since they are the entry points and the APIs others use.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { extractSymbols, hasSymbolSupport } from './symbols.ts';
import { workspaceFiles } from './workspace-files.ts';

/** Files larger than this are listed without symbols (generated or vendored code, usually). */
const maxParsedBytes = 256 * 1024;
/** Symbols listed per file at most. */
const maxSymbolsPerFile = 30;

/** A rough token count, ~4 characters per token, good enough to stay within a budget. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

interface MappedFile {
  path: string;
  depth: number;
  symbols: string[];
}

/** The map of `workspace` within `tokenBudget` tokens (by estimateTokens). */
export async function repositoryMap(workspace: string, options: { tokenBudget: number; signal?: AbortSignal }): Promise<string> {
  const files = await workspaceFiles(workspace, options.signal);
  const mapped = await Promise.all(files.map((path) => mapFile(workspace, path)));
  return fitToBudget(mapped.sort(byRank), options.tokenBudget);
}

async function mapFile(workspace: string, path: string): Promise<MappedFile> {
  const depth = path.split('/').length - 1;
  if (!hasSymbolSupport(path)) return { path, depth, symbols: [] };
  const info = await stat(join(workspace, path)).catch(() => undefined);
  if (!info?.isFile() || info.size > maxParsedBytes) return { path, depth, symbols: [] };
  return { path, depth, symbols: extractSymbols(path, await readFile(join(workspace, path), 'utf8')) };
}

/** Shallower first; at equal depth, more symbols first; then by path. */
function byRank(a: MappedFile, b: MappedFile): number {
  return a.depth - b.depth || Math.min(b.symbols.length, maxSymbolsPerFile) - Math.min(a.symbols.length, maxSymbolsPerFile) || byPath(a, b);
}

/** Code-unit order, as list_files and glob print paths. */
function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function block(file: MappedFile, withSymbols: boolean): string {
  const symbols = withSymbols ? file.symbols.slice(0, maxSymbolsPerFile).map((s) => `\n  ${s}`).join('') : '';
  const more = withSymbols && file.symbols.length > maxSymbolsPerFile ? `\n  … ${file.symbols.length - maxSymbolsPerFile} more` : '';
  return `${file.path}${symbols}${more}\n`;
}

/** Takes files in rank order, each with its symbols when they fit, else by name only; shown by path. */
function fitToBudget(ranked: readonly MappedFile[], budget: number): string {
  const chosen: { path: string; text: string }[] = [];
  const note = (left: number): string => `[${left} more files not shown]\n`;
  let used = estimateTokens(note(ranked.length));
  if (used > budget) return '';
  for (const file of ranked) {
    const text = [block(file, true), block(file, false)].find((candidate) => used + estimateTokens(candidate) <= budget);
    if (text === undefined) break;
    chosen.push({ path: file.path, text });
    used += estimateTokens(text);
  }
  const body = chosen.sort(byPath).map((c) => c.text).join('');
  return chosen.length < ranked.length ? body + note(ranked.length - chosen.length) : body;
}
