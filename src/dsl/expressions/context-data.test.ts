import { data } from '@actions/expressions';
import { describe, expect, it } from 'vitest';
import { fromData, GitHubNumber, toData } from './context-data.ts';
import type { ArrayData, ObjectData } from './context-data.ts';
import { evaluateTemplate } from './index.ts';

describe('toData', () => {
  it.each([
    ['text', data.Kind.String], [1, data.Kind.Number], [true, data.Kind.Boolean], [null, data.Kind.Null], [undefined, data.Kind.Null],
    [10n, data.Kind.Number], [() => 1, data.Kind.Null], [Symbol('s'), data.Kind.Null], [[1], data.Kind.Array], [{ a: 1 }, data.Kind.Dictionary],
  ])('%s has kind %s', (input, kind) => {
    expect(toData(input).kind).toBe(kind);
  });

  it('reads a Date as its ISO text', () => {
    expect(toData(new Date(Date.UTC(2024, 0, 2))).coerceString()).toBe('2024-01-02T00:00:00.000Z');
  });

  it('wraps an object once, so the same object is the same value', () => {
    const source = { a: { b: 1 } };
    expect(toData(source)).toBe(toData(source));
    expect((toData(source) as ObjectData).get('a')).toBe(toData(source.a));
  });

  it('prints numbers like GitHub', () => {
    expect(toData(1e15)).toBeInstanceOf(GitHubNumber);
    expect(toData(1e15).coerceString()).toBe('1E+15');
  });
});

describe('ObjectData', () => {
  it('looks keys up ignoring case, exact case first', () => {
    const dict = toData({ Name: 'exact', name: 'lower', Other: 1 }) as ObjectData;
    expect(dict.get('name')?.coerceString()).toBe('lower');
    expect(dict.get('NAME')?.coerceString()).toBe('exact');
    expect(dict.get('other')?.coerceString()).toBe('1');
    expect(dict.get('missing')).toBeUndefined();
  });

  it('treats undefined values as absent', () => {
    const dict = toData({ a: undefined, b: 2 }) as ObjectData;
    expect(dict.get('a')).toBeUndefined();
    expect(dict.get('A')).toBeUndefined();
    expect(dict.pairs().map((p) => p.key)).toEqual(['b']);
    expect(dict.values()).toHaveLength(1);
  });

  it('reads its source live, so later changes are seen', () => {
    const steps: Record<string, unknown> = { a: { outputs: { x: '1' } } };
    const contexts = { steps };
    expect(evaluateTemplate('${{ steps.b.outputs.x }}', contexts)).toBeNull();
    steps.b = { outputs: { x: '2' } };
    expect(evaluateTemplate('${{ steps.b.outputs.x }}', contexts)).toBe('2');
    expect(evaluateTemplate('${{ steps.B.outputs.x }}', contexts)).toBe('2');
  });

  it('is read-only', () => {
    expect(() => (toData({}) as ObjectData).add('k', new data.Null())).toThrow(/read-only/);
    expect(() => (toData([]) as ArrayData).add(new data.Null())).toThrow(/read-only/);
  });
});

describe('ArrayData', () => {
  it('reads items by index and as a list', () => {
    const list = toData(['a', 2]) as ArrayData;
    expect(list.get(0).coerceString()).toBe('a');
    expect(list.get(9).kind).toBe(data.Kind.Null);
    expect(list.values().map((v) => v.coerceString())).toEqual(['a', '2']);
  });
});

describe('fromData', () => {
  it('copies deeply', () => {
    const source = { a: [1, { b: 'x' }], c: null, d: true };
    const copy = fromData(toData(source)) as typeof source;
    expect(copy).toEqual(source);
    expect(copy).not.toBe(source);
    expect(copy.a).not.toBe(source.a);
  });

  it('converts package values too', () => {
    const dict = new data.Dictionary({ key: 'k', value: new data.Array(new data.NumberData(1), new data.StringData('s')) });
    expect(fromData(dict)).toEqual({ k: [1, 's'] });
  });
});
