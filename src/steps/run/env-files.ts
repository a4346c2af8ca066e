/**
 * The environment files a step writes to talk back (`$GITHUB_OUTPUT`, `$GITHUB_ENV`, `$GITHUB_PATH`,
 * `$GITHUB_STEP_SUMMARY`, `$GITHUB_STATE`), read after the process ends with the rules of GitHub's
 * runner (FileCommandManager): pairs before a malformed line still count, the malformed line fails
 * the step, `NODE_OPTIONS` cannot be set through `$GITHUB_ENV`, a summary over 1 MiB is dropped.
 * Two deliberate differences: CRLF line ends are accepted (as the Windows runner does), and an empty
 * name in `=value` is an error (the runner means to reject it but checks the wrong variable).
 */
import { statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

/** Paths of one step's five files. */
export interface EnvFilePaths {
  output: string;
  env: string;
  path: string;
  summary: string;
  state: string;
}

/** A message the runner would log as an error or warning annotation. */
export interface EnvFileProblem {
  level: 'error' | 'warning';
  message: string;
}

/** Everything the files said. `path` is in precedence order: first wins. */
export interface EnvFileResults {
  outputs: Record<string, string>;
  env: Record<string, string>;
  path: string[];
  state: Record<string, string>;
  summary?: string;
  problems: EnvFileProblem[];
  /** Set when a file could not be parsed (GitHub then fails the step): why. */
  failure?: string;
}

/** Result of parsing a KEY=value file: the pairs read before any error, and the error. */
export interface KeyValueParse {
  pairs: Array<[string, string]>;
  error?: string;
}

/** GitHub's limit for one step summary. */
export const summarySizeLimit = 1024 * 1024;

const names = { output: 'set_output', env: 'set_env', path: 'add_path', summary: 'step_summary', state: 'save_state' } as const;

/** The files' paths, each from `place` given its name (e.g. a step's `scratchFile`). */
export function envFilePaths(place: (name: string) => string): EnvFilePaths {
  return {
    output: place(names.output), env: place(names.env), path: place(names.path),
    summary: place(names.summary), state: place(names.state),
  };
}

/** The environment variables that tell the step where its files are. */
export function envFileVariables(paths: EnvFilePaths): Record<string, string> {
  return {
    GITHUB_OUTPUT: paths.output, GITHUB_ENV: paths.env, GITHUB_PATH: paths.path,
    GITHUB_STEP_SUMMARY: paths.summary, GITHUB_STATE: paths.state,
  };
}

/** Creates (or empties) the five files, one write each. */
export async function createEnvFiles(paths: EnvFilePaths): Promise<void> {
  await Promise.all(Object.values(paths).map((p: string) => writeFile(p, '')));
}

/** Reads the files after the process ended; only non-empty files are read. */
export async function readEnvFiles(paths: EnvFilePaths): Promise<EnvFileResults> {
  const order = ['path', 'env', 'summary', 'state', 'output'] as const;
  // stat of a just-used inode is a cached metadata lookup; done synchronously it saves five
  // thread-pool round trips per step, and most steps write no file at all.
  const sizes = order.map((k) => statSync(paths[k], { throwIfNoEntry: false })?.size ?? 0);
  const texts = await Promise.all(order.map((k, i) => readSmall(paths[k], sizes[i]!, k === 'summary')));
  const results: EnvFileResults = { outputs: {}, env: {}, path: [], state: {}, problems: [] };
  const [path, env, summary, state, output] = texts;
  if (path) results.path = parsePathFile(path);
  if (env) results.env = collectPairs('env', env, results, blockNodeOptions);
  readSummary(summary ?? '', sizes[2]!, results);
  if (state) results.state = collectPairs('state', state, results);
  if (output) results.outputs = collectPairs('output', output, results);
  return results;
}

/** Parses KEY=value lines and KEY<<DELIMITER … DELIMITER blocks (GitHub's EnvFileKeyValuePairs). */
export function parseKeyValueFile(text: string): KeyValueParse {
  const pairs: Array<[string, string]> = [];
  const reader = new LineReader(stripBom(text));
  try {
    for (let line = reader.next(); line !== undefined; line = reader.next()) {
      if (line !== '') pairs.push(readPair(line, reader));
    }
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    return { pairs, error: e.message };
  }
  return { pairs };
}

/** `$GITHUB_PATH`: one directory per line; returns them first-wins (later lines take precedence). */
export function parsePathFile(text: string): string[] {
  const added: string[] = [];
  for (const line of stripBom(text).split(/\r\n|\r|\n/)) {
    if (line === '') continue;
    const seen = added.indexOf(line);
    if (seen >= 0) added.splice(seen, 1);
    added.push(line);
  }
  return added.reverse();
}

class FormatError extends Error {}

function readPair(line: string, reader: LineReader): [string, string] {
  const eq = line.indexOf('=');
  const heredoc = line.indexOf('<<');
  if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
    if (eq === 0) throw new FormatError(`Invalid format '${line}'. Name must not be empty`);
    return [line.slice(0, eq), line.slice(eq + 1)];
  }
  if (heredoc >= 0) {
    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    if (name === '' || delimiter === '') {
      throw new FormatError(`Invalid format '${line}'. Name must not be empty and delimiter must not be empty`);
    }
    return [name, reader.readUntil(delimiter)];
  }
  throw new FormatError(`Invalid format '${line}'`);
}

/** Line reading as the runner's ReadLine, with `\r\n` treated as one line end. */
class LineReader {
  #index = 0;
  #newline: string | undefined;
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  next(): string | undefined {
    const text = this.#text;
    const start = this.#index;
    this.#newline = undefined;
    if (start >= text.length) return undefined;
    const lf = text.indexOf('\n', start);
    if (lf < 0) {
      this.#index = text.length;
      return text.slice(start);
    }
    const crlf = lf > start && text[lf - 1] === '\r';
    this.#newline = crlf ? '\r\n' : '\n';
    this.#index = lf + 1;
    return text.slice(start, crlf ? lf - 1 : lf);
  }

  /** The text up to a line that equals `delimiter` exactly, without the final line end. */
  readUntil(delimiter: string): string {
    const start = this.#index;
    let end = start;
    for (let line = this.next(); line !== delimiter; line = this.next()) {
      if (line === undefined) throw new FormatError(`Invalid value. Matching delimiter not found '${delimiter}'`);
      if (this.#newline === undefined) throw new FormatError('Invalid value. EOF marker missing new line.');
      end = this.#index - this.#newline.length;
    }
    return this.#text.slice(start, end);
  }
}

type PairFilter = (key: string, results: EnvFileResults) => boolean;

function blockNodeOptions(key: string, results: EnvFileResults): boolean {
  if (key.toUpperCase() !== 'NODE_OPTIONS') return true;
  results.problems.push({ level: 'error', message: "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command." });
  return false;
}

function collectPairs(file: string, text: string, results: EnvFileResults, keep?: PairFilter): Record<string, string> {
  const parsed = parseKeyValueFile(text);
  const kept = keep ? parsed.pairs.filter(([k]) => keep(k, results)) : parsed.pairs;
  if (parsed.error !== undefined) {
    const summary = `Unable to process file command '${file}' successfully.`;
    results.problems.push({ level: 'error', message: summary }, { level: 'error', message: parsed.error });
    results.failure ??= `${summary} ${parsed.error}`;
  }
  // fromEntries defines own properties, so a key like `__proto__` is kept as data.
  return Object.fromEntries(kept);
}

function readSummary(text: string, size: number, results: EnvFileResults): void {
  if (size > summarySizeLimit) {
    const message = `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of ${summarySizeLimit / 1024}k, got ${Math.floor(size / 1024)}k. For more information see: https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary`;
    results.problems.push({ level: 'error', message });
  } else if (text !== '') {
    results.summary = stripBom(text);
  }
}

async function readSmall(path: string, size: number, isSummary: boolean): Promise<string> {
  if (size === 0 || (isSummary && size > summarySizeLimit)) return '';
  return readFile(path, 'utf8').catch(() => '');
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
