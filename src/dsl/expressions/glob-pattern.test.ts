import { describe, expect, it } from 'vitest';
import { compilePatterns, globstar, matchSegments } from './glob-pattern.ts';

const roots = { workspace: '/ws', home: '/home/me' };
const segs = (p: string) => p.split('/').filter((s) => s !== '');

/** Whether the first compiled pattern (not its implicit-descendants twin) matches the path. */
const matches = (pattern: string, path: string) => matchSegments(compilePatterns([pattern], roots)[0]!.segments, segs(path));

describe('compilePatterns', () => {
  it.each<[string, string, boolean]>([
    ['package.json', '/ws/package.json', true],
    ['package.json', '/ws/sub/package.json', false],
    ['**/package.json', '/ws/package.json', true],
    ['**/package.json', '/ws/a/b/package.json', true],
    ['*.txt', '/ws/.hidden.txt', true],
    ['**/*.lock', '/ws/.cache/x.lock', true],
    ['a/**', '/ws/a', true],
    ['a/**/z', '/ws/a/z', true],
    ['a/**/z', '/ws/a/b/c/z', true],
    ['a/**/z', '/ws/a/b/c/y', false],
    ['?.txt', '/ws/a.txt', true],
    ['?.txt', '/ws/ab.txt', false],
    ['[ab].txt', '/ws/b.txt', true],
    ['[!ab].txt', '/ws/b.txt', false],
    ['[^ab].txt', '/ws/c.txt', true],
    ['[a-c]x', '/ws/bx', true],
    ['[z-a]x', '/ws/[z-a]x', true],
    ['[abc', '/ws/[abc', true],
    ['q\\*.txt', '/ws/q*.txt', true],
    ['q\\*.txt', '/ws/qq.txt', false],
    ['*\\?', '/ws/x?', true],
    ['[a]b', '/ws/ab', true],
    ['a*b*c', '/ws/a-b-c', true],
    ['x.(y)+', '/ws/x.(y)+', true],
    ['{a,b}.txt', '/ws/{a,b}.txt', true],
    ['./src/*.ts', '/ws/src/x.ts', true],
    ['~/.npmrc', '/home/me/.npmrc', true],
    ['/etc/*', '/etc/passwd', true],
    ['sub//file', '/ws/sub/file', true],
  ])('%s against %s is %s', (pattern, path, expected) => {
    expect(matches(pattern, path)).toBe(expected);
  });

  it('adds the implicit-descendants twin unless the pattern ends in **', () => {
    expect(compilePatterns(['src'], roots).map((p) => p.segments)).toEqual([['ws', 'src'], ['ws', 'src', globstar]]);
    expect(compilePatterns(['src/**'], roots)).toHaveLength(1);
  });

  it('keeps the directory-only mark on the pattern, not its twin', () => {
    const [dir, twin] = compilePatterns(['src/'], roots);
    expect(dir!.directoryOnly).toBe(true);
    expect(twin!.directoryOnly).toBe(false);
    expect(compilePatterns(['/'], roots)[0]!.directoryOnly).toBe(false);
  });

  it('toggles negation for each leading !', () => {
    expect(compilePatterns(['!a'], roots)[0]!.negate).toBe(true);
    expect(compilePatterns(['! ! a'], roots)[0]!.negate).toBe(false);
  });

  it('finds the search path before the first wildcard', () => {
    expect(compilePatterns(['src/*/x/**'], roots)[0]!.searchPath).toBe('/ws/src');
    expect(compilePatterns(['/abs/[x]/y'], roots)[0]!.searchPath).toBe('/abs/x/y');
    expect(compilePatterns(['**'], roots)[0]!.searchPath).toBe('/ws');
  });

  it.each(['..', '../x', 'a/../b', 'a/./b', '!', '  '])('refuses %j', (pattern) => {
    expect(() => compilePatterns([pattern], roots)).toThrow(/Invalid pattern/);
  });

  it('accepts a leading ./', () => {
    expect(compilePatterns(['.'], roots)[0]!.segments).toEqual(['ws']);
  });
});

describe('matchSegments partially', () => {
  const pattern = compilePatterns(['src/*/x'], roots)[0]!.segments;

  it.each<[string, boolean]>([
    ['/ws', true], ['/ws/src', true], ['/ws/src/any', true], ['/ws/other', false], ['/', true],
  ])('may match below %s: %s', (path, expected) => {
    expect(matchSegments(pattern, segs(path), true)).toBe(expected);
  });

  it('may always match below a globstar', () => {
    expect(matchSegments(compilePatterns(['a/**/z'], roots)[0]!.segments, segs('/ws/a/b/c'), true)).toBe(true);
  });
});
