// The description's types as the mock reads them from JSON, a query string or a form.
import { describe, expect, it } from 'vitest';
import { bool, dateTime, ints, num, texts } from './schema-kit.ts';

describe('schema kit', () => {
  it('reads text forms of numbers, booleans and comma-separated lists as Grape does', () => {
    expect([num.parse('97.5'), num.parse(3), bool.parse('false'), bool.parse(true)]).toEqual([97.5, 3, false, true]);
    expect([ints.parse('1,2'), ints.parse(['3']), texts.parse('a,b'), texts.parse(['c'])]).toEqual([[1, 2], [3], ['a', 'b'], ['c']]);
    expect([dateTime.safeParse('2024-01-01').success, dateTime.safeParse('2024-01-01T08:00:00+02:00').success, dateTime.safeParse('yesterday').success]).toEqual([true, true, false]);
    expect([num.safeParse('many').success, ints.safeParse('1,x').success]).toEqual([false, false]);
  });
});
