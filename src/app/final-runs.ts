/**
 * What is final about completed runs, kept in memory. A completed run's history ends with
 * `run.completed` and never grows again, so its list item and its view never change: a server's
 * reads (dashboards polling run lists, clients fetching finished runs) are served from here instead
 * of reading and replaying the same rows again. Runs that have not completed are never kept.
 */

/** Final values by run id, at most `maxWeight` in total (by `weigh`, default 1 each); the oldest go first. */
export class FinalRuns<T> {
  readonly #values = new Map<string, { value: T; weight: number }>();
  readonly #maxWeight: number;
  readonly #weigh: (value: T) => number;
  #weight = 0;

  constructor(maxWeight: number, weigh: (value: T) => number = () => 1) {
    this.#maxWeight = maxWeight;
    this.#weigh = weigh;
  }

  /** The value kept for the run, if any. */
  get(runId: string): T | undefined {
    return this.#values.get(runId)?.value;
  }

  /** Whether a value is kept for the run. */
  has(runId: string): boolean {
    return this.#values.has(runId);
  }

  /** Keeps `value` when the run has completed (and it is not heavier than everything kept may be); returns it. */
  keep(runId: string, completed: boolean, value: T): T {
    if (!completed || this.#values.has(runId)) return value;
    const weight = this.#weigh(value);
    if (weight > this.#maxWeight) return value;
    for (const [id, kept] of this.#values) {
      if (this.#weight + weight <= this.#maxWeight) break;
      this.#values.delete(id);
      this.#weight -= kept.weight;
    }
    this.#values.set(runId, { value, weight });
    this.#weight += weight;
    return value;
  }
}
