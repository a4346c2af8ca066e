import { describe, expect, it } from 'vitest';
import { createColors } from '../colors.ts';
import { elapsed, formatAge, formatDuration, formatUsage, formatUsd, statusSymbol } from './format.ts';

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

  it('formats model usage and cost, saying which calls had no price', () => {
    const u = { calls: 2, promptTokens: 2200, completionTokens: 130, costUsd: 0.00544, unpricedCalls: 0 };
    expect(formatUsage(u)).toBe('2 model calls · 2,200 prompt + 130 completion tokens · $0.0054');
    expect(formatUsage({ ...u, calls: 3, unpricedCalls: 1 })).toBe('3 model calls · 2,200 prompt + 130 completion tokens · $0.0054 (+ 1 call without a price)');
    expect(formatUsage({ ...u, calls: 1, costUsd: 0, unpricedCalls: 1 })).toBe('1 model call · 2,200 prompt + 130 completion tokens · cost unknown (no price for the model)');
    expect(formatUsage({ ...u, costUsd: 0, unpricedCalls: 2 })).toBe('2 model calls · 2,200 prompt + 130 completion tokens · cost unknown (no price for the model)');
    expect([0, 0.5, 12.345].map(formatUsd)).toEqual(['$0.0000', '$0.5000', '$12.35']);
  });
});
