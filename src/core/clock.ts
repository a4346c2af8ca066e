/** Source of time for everything that must replay deterministically (the engine takes no other). */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A clock that only moves when told to; for tests and replays. */
export function manualClock(start = 0): Clock & { advance(ms: number): void } {
  let now = start;
  const waiters: Array<{ at: number; resolve: () => void }> = [];
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((resolve) => waiters.push({ at: now + ms, resolve })),
    advance(ms) {
      now += ms;
      for (const w of waiters.splice(0)) {
        if (w.at <= now) w.resolve();
        else waiters.push(w);
      }
    },
  };
}
