/** One-at-a-time sections per key, inside this process (git on one mirror, run numbers of one workflow). */

const tails = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier call with the same key has settled. */
export function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.then(() => undefined, () => undefined);
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}
