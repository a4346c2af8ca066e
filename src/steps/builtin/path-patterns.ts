/**
 * `path:` inputs of actions/cache and the artifact actions, read as `@actions/glob` reads them:
 * one pattern per line, `#` comments, `!` excludes, `~` is HOME, relative to the workspace;
 * `*`, `?`, `[…]` and `**` match hidden files too. Walks only below each pattern's literal prefix.
 */
import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Absolute include and exclude patterns. */
export interface PatternSet {
  include: string[];
  exclude: string[];
}

/** Parses the lines of a `path:` input into absolute patterns. */
export function parsePatterns(lines: readonly string[], base: string, home: string): PatternSet {
  const set: PatternSet = { include: [], exclude: [] };
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const body = (negated ? line.slice(1) : line).replace(/^~(?=\/|$)/, home);
    const absolute = path.resolve(base, body);
    // path.resolve drops a trailing slash; `dir/` still means the directory.
    (negated ? set.exclude : set.include).push(absolute);
  }
  return set;
}

/** True when the pattern has wildcards. */
export function hasGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** The directory a pattern's matches all lie under: its segments before the first wildcard. */
export function searchRoot(pattern: string): string {
  if (!hasGlob(pattern)) return pattern;
  const segments = pattern.split('/');
  const literal = segments.slice(0, segments.findIndex((s) => hasGlob(s)));
  return literal.join('/') || '/';
}

/** A regular expression for a pattern over absolute paths (dot files included). */
export function globToRegExp(pattern: string): RegExp {
  const segments = pattern.split('/');
  let source = '';
  segments.forEach((segment, i) => {
    if (segment === '**') source += '(?:/.*)?';
    else source += (i === 0 ? '' : '/') + segmentSource(segment);
  });
  return new RegExp(`^${source}$`);
}

function segmentSource(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    const close = c === '[' ? segment.indexOf(']', i + 2) : -1;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (close > 0) {
      out += `[${segment.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = close;
    } else out += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return out;
}

/** A test for excluded paths; a path under an excluded directory is excluded too. */
export function excluder(set: PatternSet): (file: string) => boolean {
  const tests = set.exclude.map((p) => globToRegExp(p));
  return (file) => tests.some((re) => re.test(file) || ancestors(file).some((a) => re.test(a)));
}

function ancestors(file: string): string[] {
  const out: string[] = [];
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) out.push(dir);
  return out;
}

/**
 * The paths the patterns match, not descending into a matched directory (what tar archives whole),
 * minus excluded ones; sorted and without duplicates.
 */
export async function matchPaths(set: PatternSet): Promise<string[]> {
  const excluded = excluder(set);
  const found = new Set<string>();
  for (const pattern of set.include) {
    if (!hasGlob(pattern)) {
      if (!excluded(pattern) && (await lstat(pattern).catch(() => undefined))) found.add(pattern);
      continue;
    }
    const re = globToRegExp(pattern);
    await walk(searchRoot(pattern), (p) => {
      if (excluded(p)) return 'skip';
      if (!re.test(p)) return 'descend';
      found.add(p);
      return 'skip';
    });
  }
  return [...found].sort();
}

/** Every file (not directory) the patterns match, descending into matched directories, minus excluded ones. */
export async function matchFiles(set: PatternSet): Promise<string[]> {
  const excluded = excluder(set);
  const files = new Set<string>();
  for (const match of await matchPaths(set)) {
    const st = await stat(match).catch(() => undefined);
    if (st?.isFile()) files.add(match);
    else if (st?.isDirectory()) await walk(match, (p, isFile) => (excluded(p) ? 'skip' : (isFile && files.add(p), 'descend')));
  }
  return [...files].sort();
}

type Visit = (file: string, isFile: boolean) => 'skip' | 'descend';

/** Visits everything below `dir` (not `dir` itself); symbolic links to directories are not followed. */
async function walk(dir: string, visit: Visit): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const isFile = entry.isFile() || (entry.isSymbolicLink() && (await stat(full).then((s) => s.isFile(), () => false)));
    if (visit(full, isFile) === 'descend' && entry.isDirectory()) await walk(full, visit);
  }
}
