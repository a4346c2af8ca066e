import { describe, expect, it } from 'vitest';
import { createColors } from '../colors.ts';
import { elapsed, formatAge, formatDuration, statusSymbol } from './format.ts';

describe('format', () => {
  it('formats durations for people', () => {
    expect([0, 420, 12_340, 125_000, 3_725_000, -5].map(formatDuration)).toEqual(['0.0s', '0.4s', '12.3s', '2m 05s', '1h 02m', '0.0s']);
    expect(elapsed(undefined, undefined, 5)).toBe('');
    expect(elapsed(1000, undefined, 3000)).toBe('2.0s');
  });

  it('formats ages', () => {
    expect([500, 12_000, 300_000, 3 * 3_600_000, 2 * 86_400_000].map(formatAge)).toEqual(['just now', '12s ago', '5m ago', '3h ago', '2d ago']);
  });

  it('picks a symbol from the conclusion when completed, else from the status', () => {
    const c = createColors(false);
    expect(['success', 'failure', 'cancelled', 'skipped'].map((x) => statusSymbol('completed', x as never, c))).toEqual(['✓', '✗', '⊘', '○']);
    expect(['running', 'waiting', 'needs-decision', 'pending', 'queued'].map((s) => statusSymbol(s, undefined, c))).toEqual(['▶', '⏸', '!', '·', '·']);
    expect(statusSymbol('running', undefined, c, 11)).toBe('⠙');
  });
});
