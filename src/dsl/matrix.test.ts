import { describe, expect, it } from 'vitest';
import { isAutodevopsError } from '../core/errors.ts';
import { expandMatrix, matrixJobName } from './matrix.ts';

describe('expandMatrix', () => {
  it('crosses the dimensions with the first one varying slowest', () => {
    expect(expandMatrix({ os: ['ubuntu', 'windows'], version: [10, 12, 14] })).toEqual([
      { os: 'ubuntu', version: 10 }, { os: 'ubuntu', version: 12 }, { os: 'ubuntu', version: 14 },
      { os: 'windows', version: 10 }, { os: 'windows', version: 12 }, { os: 'windows', version: 14 },
    ]);
  });

  it('follows the include example of GitHub\'s documentation', () => {
    const combos = expandMatrix({
      fruit: ['apple', 'pear'],
      animal: ['cat', 'dog'],
      include: [
        { color: 'green' },
        { color: 'pink', animal: 'cat' },
        { fruit: 'apple', shape: 'circle' },
        { fruit: 'banana' },
        { fruit: 'banana', animal: 'cat' },
      ],
    });
    expect(combos).toEqual([
      { fruit: 'apple', animal: 'cat', color: 'pink', shape: 'circle' },
      { fruit: 'apple', animal: 'dog', color: 'green', shape: 'circle' },
      { fruit: 'pear', animal: 'cat', color: 'pink' },
      { fruit: 'pear', animal: 'dog', color: 'green' },
      { fruit: 'banana' },
      { fruit: 'banana', animal: 'cat' },
    ]);
  });

  it('never overwrites an original value: a conflicting include becomes its own combination', () => {
    expect(expandMatrix({ node: [18], include: [{ node: 20, experimental: true }] })).toEqual([
      { node: 18 }, { node: 20, experimental: true },
    ]);
  });

  it('removes combinations that partly match an exclude entry', () => {
    const combos = expandMatrix({
      os: ['macos', 'windows'],
      version: [12, 14, 16],
      environment: ['staging', 'production'],
      exclude: [{ os: 'macos', version: 12, environment: 'production' }, { os: 'windows', version: 16 }],
    });
    expect(combos).toHaveLength(12 - 1 - 2);
    expect(combos).not.toContainEqual({ os: 'macos', version: 12, environment: 'production' });
    expect(combos.filter((c) => c.os === 'windows' && c.version === 16)).toEqual([]);
  });

  it('applies exclude before include, and matches values deeply', () => {
    const combos = expandMatrix({
      cfg: [{ os: 'linux', arch: 'x64' }, { os: 'mac', arch: 'arm' }],
      exclude: [{ cfg: { os: 'mac', arch: 'arm' } }],
      include: [{ cfg: { os: 'linux', arch: 'x64' }, extra: 1 }],
    });
    expect(combos).toEqual([{ cfg: { os: 'linux', arch: 'x64' }, extra: 1 }]);
  });

  it('tells lists from mappings when comparing values', () => {
    expect(expandMatrix({ v: [[], {}], exclude: [{ v: {} }] })).toEqual([{ v: [] }]);
    expect(expandMatrix({ v: [{ a: 1 }], exclude: [{ v: { a: 1, b: 2 } }, { v: { b: 1 } }] })).toEqual([{ v: { a: 1 } }]);
  });

  it('yields zero combinations when exclude removes them all, or a dimension is empty', () => {
    expect(expandMatrix({ os: ['a'], exclude: [{ os: 'a' }] })).toEqual([]);
    expect(expandMatrix({ os: [], node: [1, 2] })).toEqual([]);
  });

  it('makes each include entry a combination when there are no dimensions', () => {
    expect(expandMatrix({ include: [{ a: 1 }, { a: 2 }] })).toEqual([{ a: 1 }, { a: 2 }]);
    expect(expandMatrix({})).toEqual([]);
  });

  it('keeps a __proto__ key as data', () => {
    const [combo] = expandMatrix({ x: [1], include: [{ ['__proto__']: 'p' }] });
    expect(Object.getPrototypeOf(combo)).toBe(Object.prototype);
    expect(Object.keys(combo!)).toEqual(['x', '__proto__']);
  });

  it('refuses dimensions that are not lists and filters that are not lists of mappings', () => {
    for (const bad of [{ os: 'linux' }, { include: { a: 1 } }, { exclude: [1] }]) {
      let caught: unknown;
      try {
        expandMatrix(bad);
      } catch (e) {
        caught = e;
      }
      expect(isAutodevopsError(caught) && caught.code).toBe('ADO_WORKFLOW_INVALID');
    }
    expect(() => expandMatrix({ os: null })).toThrow(/strategy\.matrix\.os must be a list of values, not null/);
    expect(() => expandMatrix({ os: 'x' })).toThrow(/not a string/);
    expect(() => expandMatrix({ include: [[1]] })).toThrow(/include must be a list of mappings, not a list/);
  });
});

describe('matrixJobName', () => {
  it('lists the values in order, like GitHub', () => {
    expect(matrixJobName('build', { node: 18, os: 'ubuntu-latest' })).toBe('build (18, ubuntu-latest)');
    expect(matrixJobName('build', { flag: true, none: null })).toBe('build (true, )');
  });

  it('shows nested values as JSON and leaves an empty combination alone', () => {
    expect(matrixJobName('t', { cfg: { os: 'linux' }, list: [1, 2] })).toBe('t ({"os":"linux"}, [1,2])');
    expect(matrixJobName('t', {})).toBe('t');
  });
});
