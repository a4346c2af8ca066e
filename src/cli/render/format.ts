/** Small text formats shared by the renderers: durations, ages, status symbols, model usage. */
import type { Colors } from '../colors.ts';
import type { UsageTotals } from '../../core/events.ts';
import type { Conclusion } from '../../core/states.ts';

/** `0.4s`, `12.3s`, `2m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** `just now`, `12s ago`, `5m ago`, `3h ago`, `2d ago`. */
export function formatAge(ms: number): string {
  const s = Math.floor(Math.max(0, ms) / 1000);
  if (s < 1) return 'just now';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

/** Duration between two instants, or from `start` to `now` while running; empty when not started. */
export function elapsed(start: number | undefined, end: number | undefined, now: number): string {
  return start === undefined ? '' : formatDuration((end ?? now) - start);
}

const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** The symbol of a job or step: its conclusion when done, else its status (a spinner frame when `tick` is given). */
export function statusSymbol(status: string, conclusion: Conclusion | undefined, c: Colors, tick?: number): string {
  if (status === 'completed') return conclusionSymbol(conclusion, c);
  if (status === 'running') return c.cyan(tick === undefined ? '▶' : spinner[tick % spinner.length]!);
  if (status === 'waiting') return c.yellow('⏸');
  if (status === 'needs-decision') return c.red('!');
  return c.dim('·');
}

/** ✓ success, ✗ failure, ⊘ cancelled, ○ skipped. */
export function conclusionSymbol(conclusion: Conclusion | undefined, c: Colors): string {
  if (conclusion === 'success') return c.green('✓');
  if (conclusion === 'failure') return c.red('✗');
  if (conclusion === 'cancelled') return c.yellow('⊘');
  return c.dim('○');
}

/** `2 model calls · 2,200 prompt + 130 completion tokens · $0.0054`, saying which calls had no price. */
export function formatUsage(u: UsageTotals): string {
  const calls = `${u.calls} model call${u.calls === 1 ? '' : 's'}`;
  const tokens = `${u.promptTokens.toLocaleString('en-US')} prompt + ${u.completionTokens.toLocaleString('en-US')} completion tokens`;
  const cost = u.unpricedCalls >= u.calls ? 'cost unknown (no price for the model)'
    : `${formatUsd(u.costUsd)}${u.unpricedCalls > 0 ? ` (+ ${u.unpricedCalls} call${u.unpricedCalls === 1 ? '' : 's'} without a price)` : ''}`;
  return `${calls} · ${tokens} · ${cost}`;
}

/** US dollars: four decimals below a dollar (model calls cost fractions of a cent), two above. */
export function formatUsd(usd: number): string {
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}
