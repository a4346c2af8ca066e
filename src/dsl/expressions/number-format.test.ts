import { describe, expect, it } from 'vitest';
import { formatNumber } from './number-format.ts';

// Expected strings are .NET's Double.ToString("G15", InvariantCulture), which the runner uses, except
// -0: GitHub's expression test cases (test/conformance/expressions) print it as "0".
describe('formatNumber', () => {
  it.each([
    [0, '0'], [-0, '0'], [1, '1'], [-1, '-1'], [20, '20'], [3.1, '3.1'], [0.5, '0.5'], [-9.2, '-9.2'],
    [0.1 + 0.2, '0.3'], [1 / 3, '0.333333333333333'], [123456789012345, '123456789012345'],
    [1e15, '1E+15'], [1.5e15, '1.5E+15'], [123456789012345678, '1.23456789012346E+17'], [1e300, '1E+300'],
    [999999999999999.9, '1E+15'], [0.0001, '0.0001'], [0.00001, '1E-05'], [0.000001, '1E-06'], [1.25e-7, '1.25E-07'],
    [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'], [Number.MAX_SAFE_INTEGER, '9.00719925474099E+15'],
  ])('%s prints as %s', (n, expected) => {
    expect(formatNumber(n)).toBe(expected);
  });
});
