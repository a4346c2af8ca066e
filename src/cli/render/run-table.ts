/** `autodevops list` as a table: id, workflow, event, status or conclusion, age. */
import type { RunListItem } from '../../app-api.ts';
import type { Colors } from '../colors.ts';
import { stripAnsi } from '../colors.ts';
import { formatAge, statusSymbol } from './format.ts';

/** The table text, one run per line, with a header. */
export function renderRunTable(runs: readonly RunListItem[], c: Colors, now: number): string {
  const rows = runs.map((r) => [r.id, r.workflowName, r.event, r.interrupted ? c.yellow('⚠ interrupted') : `${statusSymbol(r.status, r.conclusion, c)} ${r.status === 'completed' ? (r.conclusion ?? 'completed') : r.status}`, formatAge(now - r.createdAt)]);
  const interrupted = runs.filter((r) => r.interrupted).length;
  const hint = interrupted === 0 ? '' : `\n${interrupted} run${interrupted === 1 ? ' was' : 's were'} interrupted (the process running ${interrupted === 1 ? 'it' : 'them'} died); continue with: autodevops resume\n`;
  return `${table([['ID', 'WORKFLOW', 'EVENT', 'STATUS', 'AGE'].map(c.bold), ...rows])}\n${hint}`;
}

/** Columns padded to their widest visible cell (colours do not count). */
export function table(rows: readonly string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, stripAnsi(cell).length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - stripAnsi(cell).length))).join('  ')).join('\n');
}
