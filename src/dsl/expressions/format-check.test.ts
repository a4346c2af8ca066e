import { describe, expect, it } from 'vitest';
import { formatStringProblem, highestFormatIndex } from './format-check.ts';
import { validateExpression } from './evaluate.ts';

describe('format() strings', () => {
  it.each([
    ['', -1], ['plain', -1], ['{0}', 0], ['{0}-{2}-{1}', 2], ['{{0}}', -1], ['}}{{', -1], ['{10}', 10], ['{0:x}', 0],
  ])('%s uses arguments up to %s', (format, highest) => {
    expect(highestFormatIndex(format)).toBe(highest);
  });

  it.each(['{', '}', '{0', '{0}}', '{}', '{x}', '}{0}', '{0}{'])('%s is invalid', (format) => {
    expect(highestFormatIndex(format)).toBeUndefined();
    expect(formatStringProblem(format, 5)).toMatch(/^Invalid format string '.*': the format string is invalid/);
  });

  it('names the missing argument', () => {
    expect(formatStringProblem('{0} {3}', 2)).toMatch(/^Format string references \{3\} but only 2 argument\(s\) provided/);
    expect(formatStringProblem('{0} {1}', 2)).toBeUndefined();
  });

  it('rejects a literal format string when the expression is parsed, and leaves computed ones to run time', () => {
    expect(validateExpression("format('{0}', 1)")).toBeUndefined();
    expect(validateExpression("format('{1}', 1)")).toMatch(/is not valid: Format string references \{1\} but only 1 argument\(s\) provided/);
    expect(validateExpression("toJSON(format('x}', 1))")).toMatch(/Invalid format string 'x}'/);
    expect(validateExpression("format(github.ref, 1)")).toBeUndefined();
    expect(validateExpression('format(null)')).toBeUndefined();
  });
});
