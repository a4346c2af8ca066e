/**
 * Webhook authentication: the signature is the only credential a webhook carries, so every check
 * here compares in constant time and works on the exact bytes received.
 *
 * - GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`.
 * - GitLab: `X-Gitlab-Token: <the secret token>` (GitLab sends the token itself, not a signature).
 * - Generic: `X-Autodevops-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<delivery>.<event>." + raw body>`,
 *   with `X-Autodevops-Timestamp` (Unix seconds) within five minutes of the server's clock, so a
 *   captured delivery cannot be replayed later (and within the window, its delivery id is refused as
 *   a repeat). See docs/webhooks.md.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** How far the generic webhook's timestamp may be from the server's clock. */
export const GENERIC_TIMESTAMP_TOLERANCE_MS = 5 * 60_000;

const hexSignature = /^sha256=([0-9a-f]{64})$/i;

function hmacHex(secret: string, parts: Array<string | Uint8Array>): string {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

/** Constant-time equality of two hex digests of the same algorithm. */
function sameDigest(expectedHex: string, givenHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  const given = Buffer.from(givenHex.toLowerCase(), 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Whether `X-Hub-Signature-256` is GitHub's signature of `body` with `secret`. */
export function verifyGithubSignature(secret: string, body: Uint8Array | string, header: string | undefined): boolean {
  const given = hexSignature.exec(header?.trim() ?? '')?.[1];
  return secret !== '' && given !== undefined && sameDigest(hmacHex(secret, [body]), given);
}

/** The `X-Hub-Signature-256` value GitHub would send (for tests and tools). */
export function signGithubBody(secret: string, body: Uint8Array | string): string {
  return `sha256=${hmacHex(secret, [body])}`;
}

/** Whether `X-Gitlab-Token` equals the secret; both are hashed first so their lengths do not leak. */
export function verifyGitlabToken(secret: string, header: string | undefined): boolean {
  if (secret === '' || header === undefined) return false;
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(secret), digest(header));
}

/** The signed parts of a generic delivery. */
export interface GenericDelivery {
  /** Unix seconds, as sent in `X-Autodevops-Timestamp`. */
  timestamp: string;
  deliveryId: string;
  event: string;
  body: Uint8Array | string;
}

/** The `X-Autodevops-Signature` value for a generic delivery. */
export function signGenericDelivery(secret: string, delivery: GenericDelivery): string {
  return `sha256=${hmacHex(secret, [`${delivery.timestamp}.${delivery.deliveryId}.${delivery.event}.`, delivery.body])}`;
}

/** Why a generic delivery is refused, or undefined when it is authentic and fresh. */
export function checkGenericDelivery(secret: string, delivery: GenericDelivery, header: string | undefined, now: number): string | undefined {
  const given = hexSignature.exec(header?.trim() ?? '')?.[1];
  if (given === undefined) return 'the delivery has no `X-Autodevops-Signature: sha256=<hex>` header';
  const expected = signGenericDelivery(secret, delivery).slice('sha256='.length);
  if (secret === '' || !sameDigest(expected, given)) return 'the X-Autodevops-Signature does not match the delivery';
  if (!/^\d{1,12}$/.test(delivery.timestamp)) return 'X-Autodevops-Timestamp must be Unix seconds';
  const skew = Math.abs(now - Number(delivery.timestamp) * 1000);
  if (skew > GENERIC_TIMESTAMP_TOLERANCE_MS) {
    return `X-Autodevops-Timestamp is ${Math.round(skew / 1000)} s away from the server's clock; deliveries more than 300 s old or early are refused`;
  }
  return undefined;
}
