/**
 * The edit_file tool: exact search-and-replace. Exactness keeps edits predictable; when old_text
 * is missing or ambiguous the answer says where the closest text is, or where each occurrence is,
 * so the model can correct itself in one more call.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { describeClosestMatch } from './closest-match.ts';
import { lineAt, looksBinary, numberLines, splitLines } from './text-format.ts';
import { defineTool, ToolFailure } from './tool.ts';
import { workspacePath } from './workspace-path.ts';

const input = z.object({
  path: z.string().describe('File path relative to the workspace root.'),
  old_text: z.string().min(1).describe('Exact text to replace, including whitespace and indentation; include enough lines to be unique.'),
  new_text: z.string().describe('Replacement text.'),
  replace_all: z.boolean().default(false).describe('Replace every occurrence instead of requiring exactly one.'),
});

/** Replaces exact text in a file. */
export const editFileTool = defineTool({
  name: 'edit_file',
  description: 'Replace exact text in an existing file. old_text must match the file exactly (whitespace included; do not include line numbers from read_file) and occur once, unless replace_all is true. To create a file use create_file.',
  input,
  mutates: true,
  async run({ path, old_text: oldText, new_text: newText, replace_all: all }, ctx) {
    if (oldText === newText) throw new ToolFailure('old_text and new_text are the same; nothing would change.');
    const file = await workspacePath(ctx.workspace, path, { write: true });
    const text = await readEditable(file.real, path);
    const [find, replacement] = adaptLineEndings(text, oldText, newText);
    const positions = occurrences(text, find);
    if (positions.length === 0) throw new ToolFailure(`old_text was not found in ${file.display}.\n${describeClosestMatch(text, oldText)}`);
    if (positions.length > 1 && !all) {
      const lines = positions.map((index) => lineAt(text, index)).join(', ');
      throw new ToolFailure(`old_text occurs ${positions.length} times in ${file.display} (at lines ${lines}). Include more surrounding lines to make it unique, or set replace_all: true to change every one.`);
    }
    const updated = text.split(find).join(replacement);
    await writeFile(file.real, updated);
    return summary(file.display, updated, positions, find, replacement);
  },
});

async function readEditable(real: string, path: string): Promise<string> {
  const info = await stat(real).catch(() => undefined);
  if (!info) throw new ToolFailure(`${path} does not exist; use create_file to create it.`);
  if (!info.isFile()) throw new ToolFailure(`${path} is not a regular file.`);
  const bytes = await readFile(real);
  if (looksBinary(bytes)) throw new ToolFailure(`${path} is a binary file; it cannot be edited as text.`);
  return bytes.toString('utf8');
}

/** A file with CRLF line ends is edited with CRLF texts, since models write LF. */
function adaptLineEndings(text: string, oldText: string, newText: string): [string, string] {
  if (text.includes(oldText) || !text.includes('\r\n') || oldText.includes('\r')) return [oldText, newText];
  const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');
  return [crlf(oldText), crlf(newText)];
}

function occurrences(text: string, find: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(find); i >= 0; i = text.indexOf(find, i + find.length)) found.push(i);
  return found;
}

/** What changed, and the new text of the first change with a little context. */
function summary(display: string, updated: string, positions: readonly number[], find: string, replacement: string): string {
  const shift = replacement.length - find.length;
  const starts = positions.map((index, n) => lineAt(updated, index + n * shift));
  const first = starts[0]!;
  const lines = splitLines(updated);
  const from = Math.max(1, first - 2);
  const to = Math.min(lines.length, first + splitLines(replacement).length + 1);
  const where = positions.length === 1 ? `at line ${first}` : `at lines ${starts.join(', ')}`;
  const snippet = lines.length === 0 ? '(the file is now empty)' : numberLines(lines.slice(from - 1, to), from);
  return `Edited ${display}: replaced ${positions.length} occurrence(s) ${where}.\n${snippet}`;
}
