/**
 * What a failed model call means for the retry policy. Errors are recognised by brand and shape
 * (the AI SDK's APICallError, its provider stream errors, DOMException names, Node error codes),
 * never by message text, except Node's own `fetch failed` TypeError which has no other mark.
 */
import { APICallError, RetryError } from 'ai';

/** The verdict on one failed call. */
export type ModelErrorVerdict =
  /** Transient: 408, 409, 429, 5xx, a timeout or a dropped connection. */
  | { kind: 'retry'; reason: string; message: string; status?: number; retryAfterMs?: number }
  /** The provider refused the credentials (401, 403). */
  | { kind: 'auth'; status: number; message: string }
  /** The provider rejected the request itself (another 4xx): retrying cannot help. */
  | { kind: 'rejected'; message: string; status?: number }
  /** Not a provider failure (cancellation, a bug, a branded autodevops error): rethrow as it is. */
  | { kind: 'other' };

/** Connection-level failures worth another attempt (Node and undici codes). */
const transientNetworkCodes = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED',
]);

/** Classifies an error thrown (or streamed) by an AI SDK call. `now` dates an HTTP-date Retry-After. */
export function classifyModelError(error: unknown, now: number = Date.now()): ModelErrorVerdict {
  const e = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(e)) return classifyHttp(e.statusCode, e.isRetryable, e.message, e.responseHeaders, e, now);
  if (isProviderStreamError(e)) return classifyHttp(e.statusCode, e.isRetryable, e.message, undefined, e, now);
  if (errorName(e) === 'TimeoutError') return { kind: 'retry', reason: 'timeout', message: messageOf(e) };
  const code = networkCode(e);
  if (code !== undefined) return { kind: 'retry', reason: `network error ${code}`, message: messageOf(e) };
  if (e instanceof TypeError && e.message === 'fetch failed') return { kind: 'retry', reason: 'network error', message: messageOf(e) };
  return { kind: 'other' };
}

function classifyHttp(status: number | undefined, isRetryable: boolean | undefined, message: string, headers: Record<string, string> | undefined, error: unknown, now: number): ModelErrorVerdict {
  if (status === undefined) {
    // No response at all: the SDK marks connection failures retryable.
    const code = networkCode(error);
    return isRetryable ? { kind: 'retry', reason: code ? `network error ${code}` : 'network error', message } : { kind: 'rejected', message };
  }
  if (status === 401 || status === 403) return { kind: 'auth', status, message };
  if (status === 408 || status === 409 || status === 429 || status >= 500) {
    const retryAfterMs = headers ? retryAfter(headers, now) : undefined;
    return { kind: 'retry', reason: `HTTP ${status}`, message, status, ...(retryAfterMs !== undefined && { retryAfterMs }) };
  }
  return { kind: 'rejected', status, message };
}

/**
 * The wait a response asks for: `retry-after-ms` (OpenAI, milliseconds), else `Retry-After` in
 * seconds or as an HTTP date. Undefined when absent, unreadable or negative.
 */
export function retryAfter(headers: Record<string, string>, now: number): number | undefined {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v.trim()]));
  const ms = lower['retry-after-ms'];
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms)) return Number(ms);
  const value = lower['retry-after'];
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The AI SDK's streamed provider error: a plain object with a status and a retry flag. */
function isProviderStreamError(e: unknown): e is { statusCode?: number; isRetryable?: boolean; message: string } {
  if (typeof e !== 'object' || e === null || e instanceof Error) return false;
  const { message, statusCode, isRetryable } = e as Record<string, unknown>;
  return typeof message === 'string' && (typeof statusCode === 'number' || typeof isRetryable === 'boolean');
}

/** A transient network code anywhere along the cause chain. */
function networkCode(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && transientNetworkCodes.has(code)) return code;
    current = cause;
  }
  return undefined;
}

function errorName(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string' ? (e as { name: string }).name : undefined;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
