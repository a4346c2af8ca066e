/**
 * Dotenv files for `--secret-file`, `--var-file` and `--env-file`: `KEY=value` lines, `#` comments,
 * an optional `export `, single quotes (literal) and double quotes (with \n, \t, \", \\ escapes),
 * both of which may span lines. Errors name the file and line but never echo a value.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AutodevopsError } from '../core/errors.ts';

const keyPattern = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*/;

class ParseProblem extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(message);
    this.line = line;
    this.column = column;
  }
}

/** Reads and parses a dotenv file given to `flag`; throws ADO_SECRETS_FILE_UNREADABLE naming file and line. */
export async function readDotenvFile(flag: string, file: string, cwd: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new AutodevopsError('ADO_SECRETS_FILE_UNREADABLE', `${flag} ${file}: cannot read the file (${reason})`, { cause: e });
  }
  return parseDotenvText(flag, file, text);
}

/** Parses dotenv text; `file` is used in messages only. */
export function parseDotenvText(flag: string, file: string, text: string): Record<string, string> {
  try {
    return parseLines(text.replace(/^\uFEFF/, '').split(/\r?\n/));
  } catch (e) {
    if (!(e instanceof ParseProblem)) throw e;
    throw new AutodevopsError('ADO_SECRETS_FILE_UNREADABLE', `${flag} ${file}: line ${e.line}: ${e.message}`, {
      diagnostics: [{ location: { file, line: e.line, column: e.column }, message: e.message }],
    });
  }
}

function parseLines(lines: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = keyPattern.exec(trimmed);
    if (!match) throw new ParseProblem('expected KEY=value (a name of letters, digits and _ . -, then =)', i + 1, line.length - line.trimStart().length + 1);
    const start = trimmed.slice(match[0].length);
    const { value, lastLine } = readValue(start, lines, i);
    result[match[1]!] = value;
    i = lastLine;
  }
  return result;
}

function readValue(start: string, lines: string[], index: number): { value: string; lastLine: number } {
  const quote = start[0];
  if (quote !== '"' && quote !== "'") return { value: start.replace(/\s+#.*$/, '').trimEnd(), lastLine: index };
  let text = start.slice(1);
  let last = index;
  for (;;) {
    const end = closingQuote(text, quote);
    if (end !== -1) {
      checkAfterQuote(text.slice(end + 1), last + 1);
      const raw = text.slice(0, end);
      return { value: quote === '"' ? unescape(raw) : raw, lastLine: last };
    }
    if (++last >= lines.length) throw new ParseProblem(`the value opened with ${quote} on this line is never closed`, index + 1, 1);
    text += '\n' + lines[last]!;
  }
}

function closingQuote(text: string, quote: string): number {
  for (let i = 0; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

function checkAfterQuote(rest: string, line: number): void {
  const trimmed = rest.trim();
  if (trimmed !== '' && !trimmed.startsWith('#')) throw new ParseProblem('unexpected text after the closing quote', line, 1);
}

const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function unescape(raw: string): string {
  return raw.replace(/\\(.)/g, (whole, c: string) => escapes[c] ?? whole);
}
