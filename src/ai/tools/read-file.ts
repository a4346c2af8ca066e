/** The read_file tool: a file's lines, numbered, a window at a time. */
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { looksBinary, maxLineChars, numberLines, splitLines } from './text-format.ts';
import { defineTool, ToolFailure } from './tool.ts';
import { workspacePath } from './workspace-path.ts';

/** Lines returned by one call at most. */
export const maxReadLines = 1000;
/** Characters returned by one call at most (long lines count in full). */
export const maxReadChars = 100_000;
/** Larger files are not read; search finds what is in them. */
export const maxFileBytes = 10 * 1024 * 1024;

const input = z.object({
  path: z.string().describe('File path relative to the workspace root.'),
  start_line: z.number().int().min(1).optional().describe('First line to read (1-based); default 1.'),
  end_line: z.number().int().min(1).optional().describe('Last line to read (inclusive); default as far as the limits allow.'),
});

/** Reads a text file with line numbers; tells the model how to read on when it stopped early. */
export const readFileTool = defineTool({
  name: 'read_file',
  description: `Read a text file of the workspace. Lines come numbered ("12<TAB>text"); the numbers are not part of the file. At most ${maxReadLines} lines per call: pass start_line/end_line to read a window and to continue.`,
  input,
  mutates: false,
  async run({ path, start_line: start = 1, end_line: end }, ctx) {
    const file = await workspacePath(ctx.workspace, path);
    const lines = splitLines(await readText(file.real, path));
    if (lines.length === 0) return `${file.display} is empty.`;
    if (start > lines.length) throw new ToolFailure(`${path} has ${lines.length} lines; start_line ${start} is past its end.`);
    if (end !== undefined && end < start) throw new ToolFailure(`end_line ${end} is before start_line ${start}.`);
    const last = lastLineWithinLimits(lines, start, Math.min(end ?? lines.length, lines.length));
    const body = numberLines(lines.slice(start - 1, last), start);
    const more = last < (end ?? lines.length) && last < lines.length ? `\n[Stopped at line ${last} of ${lines.length}. Continue with start_line: ${last + 1}.]` : '';
    return `${file.display} (lines ${start}-${last} of ${lines.length}):\n${body}${more}`;
  },
});

async function readText(real: string, path: string): Promise<string> {
  const info = await stat(real).catch(() => undefined);
  if (!info) throw new ToolFailure(`${path} does not exist. Use list_files or glob to find the right path.`);
  if (info.isDirectory()) throw new ToolFailure(`${path} is a directory; use list_files to see what it holds.`);
  if (info.size > maxFileBytes) throw new ToolFailure(`${path} is ${info.size} bytes, too large to read; use search to find what you need in it.`);
  const bytes = await readFile(real);
  if (looksBinary(bytes)) throw new ToolFailure(`${path} is a binary file (${bytes.length} bytes); it cannot be shown as text.`);
  return bytes.toString('utf8');
}

/** The last line to show so the window stays within the line and character limits. */
function lastLineWithinLimits(lines: readonly string[], start: number, end: number): number {
  let chars = 0;
  let last = start - 1;
  while (last < end && last - start + 1 < maxReadLines) {
    chars += Math.min(lines[last]!.length, maxLineChars) + 8;
    if (chars > maxReadChars && last >= start) break;
    last++;
  }
  return last;
}
