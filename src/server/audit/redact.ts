/**
 * The last guard that keeps secret values out of the audit log: callers pass names and ids, but a
 * `details` object built carelessly from a request body must still not store a secret or a token.
 */

/** Keys whose string values are never stored. */
const secretKey = /(^value$|secret|password|passphrase|token$|^authorization$|credential|private[-_]?key)/i;

/** The placeholder a secret value is stored as. */
export const redacted = '[redacted]';

/** `details` with the values of secret-looking keys replaced, at every level. */
export function redactDetails(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactDetails);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, secretKey.test(key) && inner !== null && inner !== undefined ? redacted : redactDetails(inner)]));
}
