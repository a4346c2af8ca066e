import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { excluder, globToRegExp, matchFiles, matchPaths, parsePatterns, searchRoot } from './path-patterns.ts';

const root = mkdtempSync(path.join(tmpdir(), 'ado-glob-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
for (const file of ['ws/a/x.txt', 'ws/a/.hidden/y.txt', 'ws/a/b/z.log', 'ws/c/node_modules/m/index.js', 'ws/node_modules/n/index.js', 'home/.npm/cache.bin']) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), file);
}
symlinkSync(path.join(root, 'ws/a'), path.join(root, 'ws/link-to-a'));
const ws = path.join(root, 'ws');
const home = path.join(root, 'home');
const rel = (paths: string[]): string[] => paths.map((p) => path.relative(root, p));

describe('path patterns', () => {
  it('parses lines: comments, excludes, ~ and relative paths', () => {
    expect(parsePatterns(['# c', '', 'a/**', '!a/b', '~/.npm', '/abs'], ws, home)).toEqual({
      include: [path.join(ws, 'a/**'), path.join(home, '.npm'), '/abs'], exclude: [path.join(ws, 'a/b')],
    });
  });

  it('turns globs into expressions that match hidden files too', () => {
    expect(globToRegExp('/w/**/*.txt').test('/w/a/.hidden/y.txt')).toBe(true);
    expect(globToRegExp('/w/**/*.txt').test('/w/x.txt')).toBe(true);
    expect(globToRegExp('/w/*.txt').test('/w/a/x.txt')).toBe(false);
    expect(globToRegExp('/w/file?.[ch]').test('/w/file1.c')).toBe(true);
    expect(globToRegExp('/w/[!a]*').test('/w/abc')).toBe(false);
    expect(globToRegExp('/w/a.b+c').test('/w/aXb+c')).toBe(false);
    expect(globToRegExp('/w/**').test('/w')).toBe(true);
    expect(searchRoot('/w/a/**/x')).toBe('/w/a');
    expect(searchRoot('/*.txt')).toBe('/');
    expect(searchRoot('/w/a')).toBe('/w/a');
  });

  it('matches top-level paths for archiving, without descending into a match', async () => {
    expect(rel(await matchPaths(parsePatterns(['**/node_modules', '~/.npm', 'missing'], ws, home)))).toEqual(['home/.npm', 'ws/c/node_modules', 'ws/node_modules']);
    expect(rel(await matchPaths(parsePatterns(['a/**/*.txt'], ws, home)))).toEqual(['ws/a/.hidden/y.txt', 'ws/a/x.txt']);
    expect(rel(await matchPaths(parsePatterns(['a', '!a'], ws, home)))).toEqual([]);
  });

  it('lists every file below matched directories, minus excluded ones, not following directory links', async () => {
    expect(rel(await matchFiles(parsePatterns(['.', '!**/node_modules', '!a/b'], ws, home)))).toEqual(['ws/a/.hidden/y.txt', 'ws/a/x.txt']);
    expect(rel(await matchFiles(parsePatterns(['a/x.txt', 'nowhere/*'], ws, home)))).toEqual(['ws/a/x.txt']);
    const excluded = excluder(parsePatterns(['x', '!a/b'], ws, home));
    expect(excluded(path.join(ws, 'a/b/z.log'))).toBe(true);
    expect(excluded(path.join(ws, 'a/x.txt'))).toBe(false);
  });
});
