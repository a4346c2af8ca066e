import { describe, expect, it } from 'vitest';
import { isTemplate, splitTemplate } from './template.ts';

const shape = (template: string) => splitTemplate(template).map((p) => (typeof p === 'string' ? p : { expr: p.text }));

describe('splitTemplate', () => {
  it.each<[string, unknown[]]>([
    ['${{ github.ref }}', [{ expr: 'github.ref' }]],
    ['a ${{ github.ref }} b', ['a ', { expr: 'github.ref' }, ' b']],
    ['${{ github.ref }}${{ env.X }}', [{ expr: 'github.ref' }, { expr: 'env.X' }]],
    ["${{ format('{0}}}', env.X) }}", [{ expr: "format('{0}}}', env.X)" }]],
    ["${{ 'a''}}b' }}", [{ expr: "'a''}}b'" }]],
    ['${{env.X}}}', [{ expr: 'env.X' }, '}']],
    ['$${{ env.X }}', ['$', { expr: 'env.X' }]],
    ['{{ not }} $ {', ['{{ not }} $ {']],
    ['', []],
    ['plain', ['plain']],
  ])('%j', (template, expected) => {
    expect(shape(template)).toEqual(expected);
  });

  it('returns the cached parts for the same text', () => {
    expect(splitTemplate('x ${{ env.A }}')).toBe(splitTemplate('x ${{ env.A }}'));
  });

  it('refuses an unclosed expression', () => {
    expect(() => splitTemplate('a ${{ env.X')).toThrow(/not closed/);
    expect(() => splitTemplate("${{ '}} }}")).toThrow(/not closed/);
  });
});

describe('isTemplate', () => {
  it('finds ${{', () => {
    expect(isTemplate('a ${{ b }}')).toBe(true);
    expect(isTemplate('a {{ b }}')).toBe(false);
  });
});
