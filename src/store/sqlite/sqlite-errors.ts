/** SQLite result codes the store tells apart, read from node:sqlite's `errcode`. */

/** Extended result codes (exact match). */
export const extendedCode = {
  foreignKey: 787,
  primaryKey: 1555,
  unique: 2067,
} as const;

/** Primary result codes (compare with `errcode & 0xff`). */
export const primaryCode = {
  readOnly: 8,
  corrupt: 11,
  cantOpen: 14,
  notADatabase: 26,
} as const;

/** The SQLite result code carried by an error, or 0. */
export function errcode(error: unknown): number {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' ? code : 0;
}
