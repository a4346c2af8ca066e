/**
 * Search through ripgrep (`rg --json`), which is fast on large trees and respects .gitignore.
 * Reading stops, and rg is killed, as soon as one hit more than the limit has arrived. Results are
 * sorted by path (rg then searches on one thread) so the same tree always gives the same answer.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { SearchHit, SearchOutcome, SearchQuery } from './search-query.ts';
import { ToolFailure } from './tool.ts';

/** Why ripgrep could not be used; the caller falls back to the built-in search. */
export class RipgrepMissing extends Error {}

/** Runs `rg` (the binary `ripgrep`) in the workspace. @throws RipgrepMissing when it cannot be started */
export async function searchWithRipgrep(ripgrep: string, workspace: string, query: SearchQuery, signal?: AbortSignal): Promise<SearchOutcome> {
  const child = spawn(ripgrep, ripgrepArguments(query), { cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'], ...(signal && { signal }) });
  const started = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    // An abort after the start is also reported as 'error'; the listener stays to absorb it.
    child.on('error', (error) => reject(signal?.aborted ? signal.reason : new RipgrepMissing(error.message)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await started;
  const outcome = await readHits(child.stdout, query.limit);
  if (outcome.more) child.kill();
  const code = await exited;
  signal?.throwIfAborted();
  if (code === 2 && outcome.hits.length === 0) throw new ToolFailure(`search failed: ${stderr.trim()}`);
  return outcome;
}

function ripgrepArguments(query: SearchQuery): string[] {
  return [
    '--json', '--sort', 'path', '--hidden', '--glob', '!.git', '--glob', '!node_modules',
    ...(query.literal ? ['--fixed-strings'] : []),
    ...(query.caseInsensitive ? ['--ignore-case'] : []),
    ...(query.glob ? ['--glob', query.glob] : []),
    '--regexp', query.pattern, '--', query.path,
  ];
}

async function readHits(stdout: NodeJS.ReadableStream, limit: number): Promise<SearchOutcome> {
  const hits: SearchHit[] = [];
  for await (const line of createInterface({ input: stdout })) {
    const hit = parseMatch(line);
    if (!hit) continue;
    if (hits.length === limit) return { hits, more: true };
    hits.push(hit);
  }
  return { hits, more: false };
}

/** A hit from one `--json` line of type "match" (paths that are not UTF-8 are skipped). */
function parseMatch(line: string): SearchHit | undefined {
  const message = JSON.parse(line) as { type: string; data: { path?: { text?: string }; lines?: { text?: string }; line_number?: number } };
  const { path, lines, line_number: number } = message.data;
  if (message.type !== 'match' || path?.text === undefined || number === undefined) return undefined;
  return { file: path.text.replace(/^\.\//, ''), line: number, text: (lines?.text ?? '').replace(/\r?\n$/, '') };
}
