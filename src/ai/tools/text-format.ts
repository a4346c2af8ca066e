/** Small text shapes the tools share: numbered lines, clipped lines, tails. */

/** Lines longer than this are clipped in tool output; minified files would flood the model. */
export const maxLineChars = 2000;

/** `  12\tline` for each line, numbered from `firstLine`, numbers right-aligned. */
export function numberLines(lines: readonly string[], firstLine: number): string {
  const width = String(firstLine + lines.length - 1).length;
  return lines.map((line, i) => `${String(firstLine + i).padStart(width)}\t${clipLine(line)}`).join('\n');
}

/** The line, or its start and a note of how much was left out. */
export function clipLine(line: string, max = maxLineChars): string {
  return line.length <= max ? line : `${line.slice(0, max)}… [${line.length - max} more characters]`;
}

/** The last `maxChars` of `text`, starting at a line boundary when one is near. */
export function tailOf(text: string, maxChars: number): { text: string; cut: boolean } {
  if (text.length <= maxChars) return { text, cut: false };
  const tail = text.slice(text.length - maxChars);
  const newline = tail.indexOf('\n');
  return { text: newline >= 0 && newline < 200 ? tail.slice(newline + 1) : tail, cut: true };
}

/** The first `maxChars` of `text`, ending at a line boundary when one is near. */
export function headOf(text: string, maxChars: number): { text: string; cut: boolean } {
  if (text.length <= maxChars) return { text, cut: false };
  const head = text.slice(0, maxChars);
  const newline = head.lastIndexOf('\n');
  return { text: newline >= 0 && maxChars - newline < 200 ? head.slice(0, newline) : head, cut: true };
}

/** Splits file text into lines; a final newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The 1-based line on which `index` of `text` lies. */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** True when the bytes look binary (a NUL in the first 8 KiB), as git decides. */
export function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8192).includes(0);
}
