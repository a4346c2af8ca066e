/**
 * Retries, written as valid GitHub syntax: the environment variable `AUTODEVOPS_RETRY` on a step
 * (or inherited from job/workflow `env:`) retries that step; `AUTODEVOPS_JOB_RETRY` in a job's `env:`
 * retries the whole job. GitHub ignores both; autodevops reads them. The value is either a count
 * (`"3"` = up to 3 more attempts) or `key=value` pairs:
 *
 *   AUTODEVOPS_RETRY: "attempts=4 delay=2s factor=2 max-delay=1m jitter=0.2"
 *
 * `attempts` counts all attempts including the first. Delays grow exponentially and get ± jitter.
 */
import { AutodevopsError } from '../core/errors.ts';

/** How often and how patiently to retry. */
export interface RetryPolicy {
  /** Total attempts, the first included (1 = no retry). */
  attempts: number;
  delayMs: number;
  factor: number;
  maxDelayMs: number;
  /** Fraction of the delay added or removed at random (0–1). */
  jitter: number;
}

/** No retries. */
export const noRetry: RetryPolicy = { attempts: 1, delayMs: 1000, factor: 2, maxDelayMs: 60_000, jitter: 0.2 };

const durationPattern = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `250ms`, `2s`, `1.5m`, `1h`; a bare number is seconds. */
export function parseDuration(text: string, field: string): number {
  const m = durationPattern.exec(text.trim());
  if (!m) throw new AutodevopsError('ADO_WORKFLOW_INVALID', `${field}: "${text}" is not a duration`, { hint: 'Write a duration like 500ms, 2s, 1m or 1h.' });
  return Math.round(Number(m[1]) * unitMs[m[2] ?? 's']!);
}

/** Reads a retry policy from the variable's value; undefined or empty means no retry. */
export function parseRetryPolicy(value: string | undefined, field = 'AUTODEVOPS_RETRY'): RetryPolicy {
  if (value === undefined || value.trim() === '' || value.trim() === '0') return noRetry;
  const text = value.trim();
  if (/^\d+$/.test(text)) return { ...noRetry, attempts: Number(text) + 1 };
  const policy = { ...noRetry };
  for (const pair of text.split(/[\s,]+/)) applyPair(policy, pair, field);
  return policy;
}

function applyPair(policy: RetryPolicy, pair: string, field: string): void {
  const [key, raw] = pair.split('=', 2);
  const bad = (why: string): never => {
    throw new AutodevopsError('ADO_WORKFLOW_INVALID', `${field}: ${why} in "${pair}"`, { hint: 'Use attempts=N delay=2s factor=2 max-delay=1m jitter=0.2.' });
  };
  if (raw === undefined) bad('expected key=value');
  const num = Number(raw);
  switch (key) {
    case 'attempts': if (!Number.isInteger(num) || num < 1) bad('attempts must be a whole number ≥ 1'); policy.attempts = num; break;
    case 'delay': policy.delayMs = parseDuration(raw!, field); break;
    case 'max-delay': policy.maxDelayMs = parseDuration(raw!, field); break;
    case 'factor': if (!(num >= 1)) bad('factor must be ≥ 1'); policy.factor = num; break;
    case 'jitter': if (!(num >= 0 && num <= 1)) bad('jitter must be between 0 and 1'); policy.jitter = num; break;
    default: bad(`unknown key "${key}"`);
  }
}

/** Delay before attempt `nextAttempt` (2 = first retry); `random` in [0,1) makes the jitter. */
export function backoffDelay(policy: RetryPolicy, nextAttempt: number, random: number): number {
  const base = Math.min(policy.maxDelayMs, policy.delayMs * policy.factor ** Math.max(0, nextAttempt - 2));
  const spread = base * policy.jitter * (random * 2 - 1);
  return Math.max(0, Math.round(base + spread));
}
