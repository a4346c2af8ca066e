/**
 * hashFiles(): the runner's algorithm (src/Misc/expressionFunc/hashFiles): walk the matches of the
 * patterns depth first, each directory's entries in name order, skip directories and anything not
 * under the workspace, SHA-256 each file, then SHA-256 the concatenated file digests. No match
 * gives ''. Beyond GitHub, a match whose real path (after symbolic links) leaves the workspace is
 * skipped too, and search roots outside the workspace are never walked.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compilePatterns, matchSegments } from './glob-pattern.ts';
import type { GlobPattern } from './glob-pattern.ts';

const followOption = '--follow-symbolic-links';
const directoryMatch = 1;
const fileMatch = 2;

interface WalkItem {
  path: string;
  level: number;
}

/** The hashFiles() value for these arguments, rooted at `workspace` (an absolute path). */
export function hashFiles(workspace: string, args: readonly string[]): string {
  if (!path.isAbsolute(workspace)) throw new Error(`hashFiles needs an absolute github.workspace, got '${workspace}'.`);
  const root = path.resolve(workspace);
  const { follow, lines } = readArguments(args);
  const patterns = compilePatterns(lines, { workspace: root, home: os.homedir() });
  const realRoot = realPathOf(root);
  const result = createHash('sha256');
  let count = 0;
  for (const file of matchingFiles(patterns, root, follow)) {
    const real = realPathOf(file);
    if (real === undefined || realRoot === undefined || !isInside(real, realRoot) || isDirectory(real)) continue;
    result.update(hashFile(real));
    count++;
  }
  return count === 0 ? '' : result.digest('hex');
}

// The runner passes every argument to @actions/glob as lines of one text; an optional first
// argument is the only option.
function readArguments(args: readonly string[]): { follow: boolean; lines: string[] } {
  const follow = args[0]?.startsWith('--') === true;
  if (follow && args[0]!.toLowerCase() !== followOption) {
    throw new Error(`Invalid glob option ${args[0]}, available option: '${followOption}'.`);
  }
  const lines = (follow ? args.slice(1) : args).join('\n').split('\n').map((l) => l.trim());
  return { follow, lines: lines.filter((l) => l !== '' && !l.startsWith('#')) };
}

function* matchingFiles(patterns: GlobPattern[], workspace: string, follow: boolean): Generator<string> {
  for (const start of searchRoots(patterns, workspace)) {
    const stack: WalkItem[] = [{ path: start, level: 1 }];
    const chain: string[] = [];
    for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
      const segments = item.path.split('/').filter((s) => s !== '');
      const match = matchKind(patterns, segments);
      if (match === 0 && !patterns.some((p) => !p.negate && matchSegments(p.segments, segments, true))) continue;
      const stats = statOf(item.path, follow);
      if (stats === undefined) continue;
      if (!stats.isDirectory()) {
        if (match & fileMatch && isInside(item.path, workspace)) yield item.path;
      } else if (!follow || enterDirectory(item, chain)) {
        const children = fs.readdirSync(item.path).sort().reverse();
        for (const name of children) stack.push({ path: path.join(item.path, name), level: item.level + 1 });
      }
    }
  }
}

// The runner's search paths (the literal prefix of each pattern, without those under another),
// clamped to the workspace: nothing outside it can count, so it is never walked.
function searchRoots(patterns: GlobPattern[], workspace: string): string[] {
  const candidates = patterns.filter((p) => !p.negate).map((p) => p.searchPath);
  const roots: string[] = [];
  for (const candidate of candidates) {
    const start = candidate === workspace || isInside(candidate, workspace) ? candidate
      : isInside(workspace, candidate) ? workspace : undefined;
    if (start !== undefined && !roots.includes(start)) roots.push(start);
  }
  return roots.filter((r) => !roots.some((other) => isInside(r, other)));
}

function matchKind(patterns: GlobPattern[], segments: string[]): number {
  let result = 0;
  for (const p of patterns) {
    if (!matchSegments(p.segments, segments)) continue;
    const kind = p.directoryOnly ? directoryMatch : directoryMatch | fileMatch;
    result = p.negate ? result & ~kind : result | kind;
  }
  return result;
}

// Following links can loop (a link to an ancestor); like @actions/glob, skip a directory whose
// real path is already on the current descent.
function enterDirectory(item: WalkItem, chain: string[]): boolean {
  const real = realPathOf(item.path);
  if (real === undefined) return false;
  chain.length = Math.min(chain.length, item.level - 1);
  if (chain.includes(real)) return false;
  chain.push(real);
  return true;
}

function statOf(file: string, follow: boolean): fs.Stats | undefined {
  try {
    return follow ? fs.statSync(file) : fs.lstatSync(file);
  } catch {
    return undefined; // gone since listed, or a broken link
  }
}

function realPathOf(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

function isDirectory(file: string): boolean {
  return fs.statSync(file).isDirectory();
}

/** Whether `child` is strictly below `parent`. */
function isInside(child: string, parent: string): boolean {
  return child.startsWith(parent.endsWith('/') ? parent : `${parent}/`);
}

function hashFile(file: string): Buffer {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(64 * 1024);
  const fd = fs.openSync(file, 'r');
  try {
    for (let n = fs.readSync(fd, buffer); n > 0; n = fs.readSync(fd, buffer)) hash.update(buffer.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest();
}
