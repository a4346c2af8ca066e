/**
 * Glob matching for the tools. A pattern without a slash matches a file name at any depth (as in
 * .gitignore and ripgrep's --glob), so `*.ts` finds every TypeScript file; with a slash it matches
 * the whole relative path (`src/**\/*.ts`).
 */
import { matchesGlob, posix } from 'node:path';

/** True when the relative `/`-separated `path` matches `pattern`. */
export function matchesPattern(path: string, pattern: string): boolean {
  return pattern.includes('/') ? matchesGlob(path, pattern) : matchesGlob(posix.basename(path), pattern);
}

/** The files of `files` that lie under `dir` (`.` for all), as paths relative to `dir`. */
export function filesUnder(files: readonly string[], dir: string): string[] {
  if (dir === '.') return [...files];
  const prefix = `${dir}/`;
  return files.filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length));
}
