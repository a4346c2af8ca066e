/**
 * Control flow as types. A step signals how it failed by the class it throws; the engine
 * recognises these by brand (safe across bundles), never by message text.
 */
const brand = Symbol.for('autodevops.failure');

/** Why a step stopped without success. */
export type FailureKind = 'failed' | 'retryable' | 'timeout' | 'cancelled';

/** A step failure carrying how the engine should treat it. */
export class StepFailure extends Error {
  readonly [brand]: FailureKind;
  readonly kind: FailureKind;
  constructor(kind: FailureKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StepFailure';
    this.kind = kind;
    this[brand] = kind;
  }
}

/** A failure that a retry may cure (network blip, rate limit, flaky command). */
export const retryable = (message: string, cause?: unknown): StepFailure => new StepFailure('retryable', message, { cause });

/** A failure that retrying will not cure. */
export const permanent = (message: string, cause?: unknown): StepFailure => new StepFailure('failed', message, { cause });

/** The failure kind of an error: branded ones report their own; anything else is a plain failure. */
export function failureKind(e: unknown): FailureKind {
  if (typeof e === 'object' && e !== null && brand in e) return (e as Record<symbol, FailureKind>)[brand]!;
  return 'failed';
}
