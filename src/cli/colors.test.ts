import { describe, expect, it } from 'vitest';
import { colorWanted, createColors, stripAnsi } from './colors.ts';

describe('colors', () => {
  it('colours for a terminal unless NO_COLOR or --no-color; FORCE_COLOR forces it', () => {
    expect(colorWanted(true, {}, false)).toBe(true);
    expect(colorWanted(false, {}, false)).toBe(false);
    expect(colorWanted(true, { NO_COLOR: '1' }, false)).toBe(false);
    expect(colorWanted(true, { NO_COLOR: '' }, false)).toBe(true);
    expect(colorWanted(true, {}, true)).toBe(false);
    expect(colorWanted(false, { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorWanted(true, { FORCE_COLOR: '0' }, false)).toBe(true);
  });

  it('wraps text in SGR codes only when enabled', () => {
    const on = createColors(true);
    expect([on.red('x'), on.green('x'), on.yellow('x'), on.cyan('x'), on.dim('x'), on.bold('x')].map(stripAnsi)).toEqual(['x', 'x', 'x', 'x', 'x', 'x']);
    expect(on.red('x')).toBe('\x1b[31mx\x1b[39m');
    const off = createColors(false);
    expect([off.red('x'), off.bold('x')]).toEqual(['x', 'x']);
  });
});
