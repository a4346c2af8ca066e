import { APICallError, RetryError } from 'ai';
import { describe, expect, it } from 'vitest';
import { AutodevopsError } from '../../core/errors.ts';
import { classifyModelError, retryAfter } from './model-errors.ts';

function apiError(statusCode: number | undefined, options: { headers?: Record<string, string>; isRetryable?: boolean; cause?: unknown } = {}): APICallError {
  return new APICallError({
    message: `status ${statusCode}`, url: 'http://127.0.0.1/v1/chat/completions', requestBodyValues: {}, statusCode,
    ...(options.headers && { responseHeaders: options.headers }),
    ...(options.isRetryable !== undefined && { isRetryable: options.isRetryable }),
    cause: options.cause,
  });
}

describe('classifyModelError', () => {
  it('retries 408, 409, 429 and 5xx; refuses 401/403 as auth; rejects other 4xx', () => {
    for (const status of [408, 409, 429, 500, 502, 503, 529]) expect(classifyModelError(apiError(status))).toMatchObject({ kind: 'retry', reason: `HTTP ${status}`, status });
    expect(classifyModelError(apiError(401))).toMatchObject({ kind: 'auth', status: 401 });
    expect(classifyModelError(apiError(403))).toMatchObject({ kind: 'auth', status: 403 });
    for (const status of [400, 404, 413, 422]) expect(classifyModelError(apiError(status))).toMatchObject({ kind: 'rejected', status });
  });

  it('carries the Retry-After wait of a retryable response', () => {
    expect(classifyModelError(apiError(429, { headers: { 'retry-after': '7' } }))).toMatchObject({ retryAfterMs: 7000 });
    expect(classifyModelError(apiError(500, { headers: {} }))).not.toHaveProperty('retryAfterMs');
  });

  it('judges an answer-less APICallError by the SDK\'s retry flag', () => {
    const reset = apiError(undefined, { isRetryable: true, cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    expect(classifyModelError(reset)).toMatchObject({ kind: 'retry', reason: 'network error ECONNRESET' });
    expect(classifyModelError(apiError(undefined, { isRetryable: true }))).toMatchObject({ kind: 'retry', reason: 'network error' });
    expect(classifyModelError(apiError(undefined, { isRetryable: false }))).toMatchObject({ kind: 'rejected', message: 'status undefined' });
  });

  it('looks through the SDK\'s RetryError to the last failure', () => {
    const wrapped = new RetryError({ message: 'Failed after 3 attempts', reason: 'maxRetriesExceeded', errors: [apiError(503), apiError(401)] });
    expect(classifyModelError(wrapped)).toMatchObject({ kind: 'auth', status: 401 });
  });

  it('reads the SDK\'s streamed provider errors (plain objects with a status)', () => {
    expect(classifyModelError({ message: 'Overloaded', type: 'overloaded_error', statusCode: 529, isRetryable: true })).toMatchObject({ kind: 'retry', reason: 'HTTP 529' });
    expect(classifyModelError({ message: 'prompt is too long', statusCode: 413, isRetryable: false })).toMatchObject({ kind: 'rejected', status: 413 });
    expect(classifyModelError({ message: 'mid-stream hiccup', isRetryable: true })).toMatchObject({ kind: 'retry', reason: 'network error' });
  });

  it('retries timeouts and connection failures found anywhere along the cause chain', () => {
    expect(classifyModelError(new DOMException('The operation timed out.', 'TimeoutError'))).toMatchObject({ kind: 'retry', reason: 'timeout' });
    const deep = new Error('outer', { cause: new Error('middle', { cause: Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' }) }) });
    expect(classifyModelError(deep)).toMatchObject({ kind: 'retry', reason: 'network error EAI_AGAIN' });
    expect(classifyModelError(new TypeError('fetch failed'))).toMatchObject({ kind: 'retry', reason: 'network error' });
  });

  it('leaves everything else alone: cancellation, bugs, autodevops errors, non-errors', () => {
    expect(classifyModelError(new DOMException('aborted', 'AbortError'))).toEqual({ kind: 'other' });
    expect(classifyModelError(new TypeError('x is not a function'))).toEqual({ kind: 'other' });
    expect(classifyModelError(new AutodevopsError('ADO_AI_OUTPUT_INVALID', 'bad output'))).toEqual({ kind: 'other' });
    expect(classifyModelError(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toEqual({ kind: 'other' });
    expect(classifyModelError('a string')).toEqual({ kind: 'other' });
    expect(classifyModelError(null)).toEqual({ kind: 'other' });
  });
});

describe('retryAfter', () => {
  const now = Date.parse('2026-11-03T10:00:00Z');

  it('prefers retry-after-ms, then seconds, then an HTTP date', () => {
    expect(retryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(retryAfter({ 'Retry-After': '1.5' }, now)).toBe(1500);
    expect(retryAfter({ 'retry-after': 'Tue, 03 Nov 2026 10:00:04 GMT' }, now)).toBe(4000);
  });

  it('a date in the past means now; garbage, blanks and absence mean no advice', () => {
    expect(retryAfter({ 'retry-after': 'Tue, 03 Nov 2026 09:59:00 GMT' }, now)).toBe(0);
    expect(retryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfter({ 'retry-after-ms': '-5' }, now)).toBeUndefined();
    expect(retryAfter({ 'retry-after': ' ' }, now)).toBeUndefined();
    expect(retryAfter({}, now)).toBeUndefined();
  });
});
