/**
 * Canonical JSON: object keys sorted at every level, no whitespace. Two equal values always give the
 * same text, so a hash over it does not depend on key order or on how a row was written back.
 */

/** `value` as canonical JSON text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value)) ?? 'null';
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return sorted(json.call(value));
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).sort().map((key) => [key, sorted(record[key])]));
}
