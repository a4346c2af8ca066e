/**
 * Our retry policy for model calls. The agent calls the SDK with `maxRetries: 0` and wraps each
 * call here, so every retry is observable (`onRetry`), cancellable and testable with an injected
 * sleep and random source. Transient failures back off exponentially with full jitter, or wait
 * as long as the provider's Retry-After asks (capped); credentials and bad requests fail at once.
 *
 * @example
 * const result = await callWithRetry(
 *   () => generateText({ model, prompt, maxRetries: 0, abortSignal: ctx.signal, timeout: settings.timeoutMs }),
 *   { maxRetries: settings.maxRetries, signal: ctx.signal, provider: providerLabel(settings), apiKeyVariable: settings.apiKeyVariable },
 * );
 */
import { setTimeout as delay } from 'node:timers/promises';
import { AutodevopsError } from '../../core/errors.ts';
import { classifyModelError, type ModelErrorVerdict } from './model-errors.ts';

/** One scheduled retry, as reported to `onRetry`. */
export interface RetryInfo {
  /** The attempt that just failed (1-based). */
  attempt: number;
  delayMs: number;
  /** `HTTP 429`, `timeout`, `network error ECONNRESET`… */
  reason: string;
}

/** How callWithRetry behaves. */
export interface RetryOptions {
  /** Retries after the first attempt (so at most maxRetries + 1 calls). */
  maxRetries: number;
  /** Cancels the wait between attempts at once; its reason is thrown. */
  signal?: AbortSignal;
  /** Waits between attempts; injected by tests. Default: a timer that stops on `signal`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Random source in [0, 1) for the jitter; default Math.random. */
  random?: () => number;
  /** First backoff ceiling; doubles per attempt. Default 1 s. */
  baseDelayMs?: number;
  /** Cap of any wait, Retry-After included. Default 60 s. */
  maxDelayMs?: number;
  onRetry?(info: RetryInfo): void;
  /** The provider named in error messages (see providerLabel). */
  provider?: string;
  /** The variable holding the key, named when the provider refuses the credentials. */
  apiKeyVariable?: string;
}

type Transient = Extract<ModelErrorVerdict, { kind: 'retry' }>;

const defaultBaseDelayMs = 1000;
const defaultMaxDelayMs = 60_000;
/** Provider messages can be long JSON dumps; the start says what happened. */
const messageLimit = 500;

/** Calls `fn` (given the 1-based attempt number) until it succeeds, fails for good, or retries run out. */
export async function callWithRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = Math.max(0, Math.floor(options.maxRetries) || 0) + 1;
  let last: Transient | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      options.signal?.throwIfAborted();
      last = transientOrThrow(error, options);
      if (attempt === attempts) break;
      const delayMs = backoffDelay(attempt, last.retryAfterMs, options);
      options.onRetry?.({ attempt, delayMs, reason: last.reason });
      await pause(delayMs, options);
    }
  }
  throw exhausted(attempts, last!, options);
}

/** The verdict when the failure is transient; otherwise the error to surface, thrown. */
function transientOrThrow(error: unknown, options: RetryOptions): Transient {
  const verdict = classifyModelError(error);
  if (verdict.kind === 'retry') return verdict;
  if (verdict.kind === 'other') throw error;
  const provider = providerName(options);
  if (verdict.kind === 'auth') {
    throw new AutodevopsError('ADO_AI_AUTH', `${provider} refused the credentials (HTTP ${verdict.status}: ${clip(verdict.message)}). ${keyAdvice(options)}`, { cause: error });
  }
  const status = verdict.status === undefined ? '' : ` (HTTP ${verdict.status})`;
  throw new AutodevopsError('ADO_AI_PROVIDER', `${provider} rejected the request${status}: ${clip(verdict.message)}`, {
    cause: error,
    hint: 'Retrying will not help: check the model name, the request size and the parameters the provider\'s message names.',
  });
}

function exhausted(attempts: number, last: Transient, options: RetryOptions): AutodevopsError {
  const what = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  return new AutodevopsError('ADO_AI_PROVIDER', `${providerName(options)} kept failing: ${what}, the last one ${last.reason}: ${clip(last.message)}`);
}

function providerName(options: RetryOptions): string {
  return options.provider === undefined ? 'The model provider' : `The model provider ${options.provider}`;
}

function keyAdvice(options: RetryOptions): string {
  if (options.apiKeyVariable !== undefined) return `Check ${options.apiKeyVariable}: the key may be wrong, expired, or without access to this model.`;
  return 'No API key was sent: set AUTODEVOPS_AI_API_KEY, or name the variable holding the key with `ai.api-key-env` in autodevops.yml.';
}

function clip(message: string): string {
  return message.length > messageLimit ? `${message.slice(0, messageLimit)}…` : message;
}

/** Retry-After when given, else full jitter: uniform in [0, min(cap, base · 2^(attempt-1))]. */
function backoffDelay(attempt: number, retryAfterMs: number | undefined, options: RetryOptions): number {
  const cap = options.maxDelayMs ?? defaultMaxDelayMs;
  if (retryAfterMs !== undefined) return Math.min(cap, Math.ceil(retryAfterMs));
  const ceiling = Math.min(cap, (options.baseDelayMs ?? defaultBaseDelayMs) * 2 ** (attempt - 1));
  return Math.round((options.random ?? Math.random)() * ceiling);
}

/** Sleeps, but rejects with the signal's reason the moment it aborts, whatever the sleep does. */
async function pause(ms: number, options: RetryOptions): Promise<void> {
  const { signal } = options;
  const sleep = options.sleep ?? defaultSleep;
  if (!signal) return sleep(ms);
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([sleep(ms, signal), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, signal ? { signal } : {});
}
