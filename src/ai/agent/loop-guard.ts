/**
 * Detects an agent going round in circles: the same tool call with the same arguments again and
 * again, or the same edit re-applied. The first time it warns the model (in the tool result); when
 * the repetition goes on, the session stops with a `loop` outcome instead of burning its budget.
 */

/** What the guard says about a call. */
export type LoopVerdict = { kind: 'ok' } | { kind: 'warn'; note: string } | { kind: 'stop'; reason: string };

/** JSON with sorted keys, so argument order does not hide a repeat. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Tracks calls of one session. */
export class LoopGuard {
  readonly #counts = new Map<string, number>();
  readonly #warnAt: number;
  readonly #stopAt: number;

  constructor(options: { warnAt?: number; stopAt?: number } = {}) {
    this.#warnAt = options.warnAt ?? 3;
    this.#stopAt = options.stopAt ?? 5;
  }

  /** Counts a call; mutating calls (edits) repeat harmfully sooner than reads. */
  observe(name: string, input: unknown, mutates: boolean): LoopVerdict {
    const key = `${name}:${stableJson(input)}`;
    const count = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, count);
    const warnAt = mutates ? 2 : this.#warnAt;
    const stopAt = mutates ? 3 : this.#stopAt;
    if (count >= stopAt) return { kind: 'stop', reason: `the agent repeated the same ${name} call ${count} times with identical arguments` };
    if (count >= warnAt) {
      return { kind: 'warn', note: `Note: you have made this exact ${name} call ${count} times; repeating it will not change the result. Try a different approach.` };
    }
    return { kind: 'ok' };
  }
}
