/**
 * When an edit's old_text is not in the file, the model needs to see what IS there: the region
 * that matches once whitespace is ignored (the most common slip: indentation), or else the window
 * of lines most similar to old_text, with the lines that differ spelled out.
 */
import { clipLine, numberLines, splitLines } from './text-format.ts';

/** Below this similarity a region is not worth suggesting. */
const minSimilarity = 0.5;
/** Windows × lines compared at most, so a huge file cannot stall the feedback. */
const maxComparisons = 4_000_000;
/** Lines around the suggested region shown for context. */
const context = 2;

/** A paragraph explaining where old_text's closest match is and how it differs. */
export function describeClosestMatch(fileText: string, oldText: string): string {
  const file = splitLines(fileText);
  const old = trimBlankEdges(splitLines(oldText));
  if (old.length === 0 || file.length === 0) return 'Read the file again with read_file and copy old_text exactly.';
  const exact = whitespaceInsensitiveMatch(file, old);
  if (exact !== undefined) return explainWhitespace(file, old, exact);
  const best = file.length * old.length <= maxComparisons ? mostSimilarWindow(file, old) : undefined;
  if (best === undefined || best.score < minSimilarity) return 'No similar region was found; the file may have changed. Read it again with read_file and copy old_text exactly.';
  return explainDifferences(file, old, best);
}

function trimBlankEdges(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end);
}

const squash = (line: string): string => line.trim().replace(/\s+/g, ' ');

/** The 0-based first line of a window equal to `old` once whitespace is squashed. */
function whitespaceInsensitiveMatch(file: readonly string[], old: readonly string[]): number | undefined {
  const wanted = old.map(squash);
  for (let start = 0; start + old.length <= file.length; start++) {
    if (wanted.every((line, i) => squash(file[start + i]!) === line)) return start;
  }
  return undefined;
}

function explainWhitespace(file: readonly string[], old: readonly string[], start: number): string {
  const differing = old.map((line, i) => ({ line, at: start + i })).filter(({ line, at }) => line !== file[at]);
  const examples = differing.slice(0, 3).map(({ line, at }) => `  line ${at + 1}: the file has ${show(file[at]!)}, old_text has ${show(line)}`);
  return [
    `Lines ${start + 1}-${start + old.length} match old_text when whitespace is ignored; the whitespace differs (indentation, tabs or spaces) on ${differing.length} line(s):`,
    ...examples,
    'Copy the exact text from here:',
    region(file, start, old.length),
  ].join('\n');
}

function explainDifferences(file: readonly string[], old: readonly string[], best: { start: number; score: number }): string {
  const differing = old.map((line, i) => ({ line, at: best.start + i })).filter(({ line, at }) => squash(line) !== squash(file[at]!));
  const examples = differing.slice(0, 3).map(({ line, at }) => `  line ${at + 1}: the file has ${show(file[at]!)}, old_text has ${show(line)}`);
  return [
    `The closest region is lines ${best.start + 1}-${best.start + old.length} (${Math.round(best.score * 100)}% similar). ${differing.length} line(s) differ, for example:`,
    ...examples,
    'The file there reads:',
    region(file, best.start, old.length),
  ].join('\n');
}

function show(line: string): string {
  return JSON.stringify(clipLine(line, 160));
}

function region(file: readonly string[], start: number, length: number): string {
  const from = Math.max(0, start - context);
  return numberLines(file.slice(from, Math.min(file.length, start + length + context)), from + 1);
}

/** The window of `old.length` lines with the highest mean line similarity. */
function mostSimilarWindow(file: readonly string[], old: readonly string[]): { start: number; score: number } {
  const fileGrams = file.map(bigrams);
  const oldGrams = old.map(bigrams);
  let best = { start: 0, score: -1 };
  for (let start = 0; start + old.length <= file.length; start++) {
    let total = 0;
    for (let i = 0; i < old.length; i++) total += dice(fileGrams[start + i]!, oldGrams[i]!);
    if (total / old.length > best.score) best = { start, score: total / old.length };
  }
  return best;
}

interface Grams {
  counts: Map<string, number>;
  size: number;
}

/** Character bigrams of the squashed line (a one-character line is its own gram). */
function bigrams(line: string): Grams {
  const text = squash(line);
  const counts = new Map<string, number>();
  const grams = text.length < 2 ? (text ? [text] : []) : Array.from({ length: text.length - 1 }, (_, i) => text.slice(i, i + 2));
  for (const gram of grams) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  return { counts, size: grams.length };
}

/** Dice coefficient of two bigram multisets; two blank lines are equal. */
function dice(a: Grams, b: Grams): number {
  if (a.size === 0 || b.size === 0) return a.size === b.size ? 1 : 0;
  let shared = 0;
  for (const [gram, count] of a.counts) shared += Math.min(count, b.counts.get(gram) ?? 0);
  return (2 * shared) / (a.size + b.size);
}
