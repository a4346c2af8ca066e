/**
 * The glob patterns of hashFiles(), as @actions/glob reads them (the runner's hashFiles uses that
 * package): one pattern per line, `#` comments, leading `!` negates, relative patterns are rooted
 * at the workspace, `./` and `~/` prefixes, `**` spans directories, `*` `?` `[…]` within a name,
 * dot files match, no braces or extglobs, a trailing `/` matches directories only, and a pattern
 * also matches everything below what it names ("implicit descendants"). `.` (after the first
 * segment) and `..` segments are refused, as GitHub does.
 */

/** `**`: any number of path segments. */
export const globstar = Symbol('globstar');

/** One path segment of a pattern: a literal name, a wildcard name, or the globstar. */
export type Segment = string | RegExp | typeof globstar;

/** A compiled pattern over absolute paths. */
export interface GlobPattern {
  negate: boolean;
  segments: Segment[];
  /** Written with a trailing `/`: matches directories only. */
  directoryOnly: boolean;
  /** The literal directory before the first wildcard: where a search for it starts. */
  searchPath: string;
}

/** Where relative, `./` and `~/` patterns are rooted. */
export interface PatternRoots {
  workspace: string;
  home: string;
}

/** Compiles pattern lines, adding each pattern's implicit-descendants twin. Throws on `..`. */
export function compilePatterns(lines: readonly string[], roots: PatternRoots): GlobPattern[] {
  const result: GlobPattern[] = [];
  for (const line of lines) {
    const pattern = compilePattern(line, roots);
    result.push(pattern);
    if (pattern.directoryOnly || pattern.segments.at(-1) !== globstar) {
      result.push({ ...pattern, directoryOnly: false, segments: [...pattern.segments, globstar] });
    }
  }
  return result;
}

function compilePattern(line: string, roots: PatternRoots): GlobPattern {
  let text = line.trim();
  let negate = false;
  while (text.startsWith('!')) {
    negate = !negate;
    text = text.slice(1).trim();
  }
  if (text === '') throw new Error(`Invalid pattern '${line}'. A pattern cannot be empty.`);
  const written = text.split('/').filter((s) => s !== '');
  if (written.some((s, i) => literalOf(s) === '..' || (literalOf(s) === '.' && i > 0))) {
    throw new Error(`Invalid pattern '${line}'. Relative pathing '.' and '..' is not allowed.`);
  }
  const segments = [...rootOf(text, written, roots), ...written.map(compileSegment)];
  const literalPrefix = segments.slice(0, firstWildcard(segments));
  return { negate, segments, directoryOnly: text.length > 1 && text.endsWith('/'), searchPath: `/${literalPrefix.join('/')}` };
}

// Consumes the written segment that names the root (`.` or `~`), if any.
function rootOf(text: string, written: string[], roots: PatternRoots): string[] {
  if (text.startsWith('/')) return [];
  const base = written[0] === '~' ? roots.home : roots.workspace;
  if (written[0] === '.' || written[0] === '~') written.shift();
  return base.split('/').filter((s) => s !== '');
}

function firstWildcard(segments: Segment[]): number {
  const i = segments.findIndex((s) => typeof s !== 'string');
  return i < 0 ? segments.length : i;
}

function compileSegment(segment: string): Segment {
  if (segment === '**') return globstar;
  const literal = literalOf(segment);
  return literal === undefined ? segmentRegExp(segment) : literal;
}

/** The name a segment denotes, or undefined when it holds a wildcard. */
function literalOf(segment: string): string | undefined {
  let literal = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '\\' && i + 1 < segment.length) literal += segment[++i];
    else if (c === '*' || c === '?') return undefined;
    else if (c === '[') {
      const set = bracketAt(segment, i);
      if (set === undefined) literal += c;
      else if (set.body.length === 1 && !set.negated) {
        literal += set.body;
        i = set.end;
      } else return undefined;
    } else literal += c;
  }
  return literal;
}

function segmentRegExp(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '\\' && i + 1 < segment.length) source += escapeRegExp(segment[++i]!);
    else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[' && bracketAt(segment, i) !== undefined) {
      const set = bracketAt(segment, i)!;
      source += `[${set.negated ? '^' : ''}${set.body.replace(/[\\\]^[]/g, '\\$&')}]`;
      i = set.end;
    } else source += escapeRegExp(c);
  }
  try {
    return new RegExp(`^${source}$`, 's');
  } catch {
    // A malformed range like [z-a]: the segment can only match itself.
    return new RegExp(`^${escapeRegExp(segment)}$`, 's');
  }
}

function bracketAt(segment: string, start: number): { body: string; negated: boolean; end: number } | undefined {
  let i = start + 1;
  const negated = segment[i] === '!' || segment[i] === '^';
  if (negated) i++;
  const end = segment.indexOf(']', i + 1);
  if (end < 0) return undefined;
  return { body: segment.slice(i, end).replace(/\\(.)/g, '$1'), negated, end };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Whether `pattern` matches the path with these segments, or (partial) may match something below it. */
export function matchSegments(pattern: readonly Segment[], path: readonly string[], partial = false, p = 0, s = 0): boolean {
  for (; p < pattern.length && s < path.length; p++, s++) {
    const seg = pattern[p]!;
    if (seg === globstar) return matchGlobstar(pattern, path, partial, p, s);
    if (typeof seg === 'string' ? seg !== path[s] : !seg.test(path[s]!)) return false;
  }
  if (s === path.length) return partial || pattern.slice(p).every((x) => x === globstar);
  return false;
}

function matchGlobstar(pattern: readonly Segment[], path: readonly string[], partial: boolean, p: number, s: number): boolean {
  if (p === pattern.length - 1) return true;
  for (let k = s; k <= path.length; k++) {
    if (matchSegments(pattern, path, partial, p + 1, k)) return true;
  }
  return false;
}
