/** Reading `with:` inputs of built-in steps, with errors that name the input. */
import { permanent } from '../core/failure.ts';

/** A list input: a YAML sequence, or text separated by commas or newlines. */
export function listInput(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value.map(String) : String(value).split(/[,\n]/);
  return items.map((s) => s.trim()).filter(Boolean);
}

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration input (`90s`, `10m`, `1h`, `2d`; a bare number is seconds); undefined when absent. */
export function durationInput(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(String(value).trim());
  if (!m) throw permanent(`with.${name}: "${String(value)}" is not a duration; write e.g. 90s, 10m, 1h or 2d`);
  return Math.round(Number(m[1]) * units[m[2] ?? 's']!);
}

/** A point in time input (ISO 8601); undefined when absent. */
export function timeInput(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const t = Date.parse(String(value));
  if (Number.isNaN(t)) throw permanent(`with.${name}: "${String(value)}" is not a date and time; write ISO 8601, e.g. 2026-12-01T09:00:00Z`);
  return t;
}
