/**
 * Group commit: every history append requested during one turn of the event loop goes to the
 * store in ONE durable transaction, and each caller is released only after that transaction is
 * durable. Many steps finishing together cost one fsync; no step is acknowledged early.
 */
import type { LogChunk } from '../core/events.ts';
import type { AppendEntry, Store } from './ports/store.ts';

interface Pending {
  entry: AppendEntry;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** Batches appends across runs and flushes them together. */
export class CommitQueue {
  #pending: Pending[] = [];
  #logs: LogChunk[] = [];
  #scheduled = false;
  #flushing: Promise<void> = Promise.resolve();

  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Resolves once the entry (and any logs queued before it) is durable. */
  append(entry: AppendEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ entry, resolve, reject });
      this.#schedule();
    });
  }

  /** Queues log chunks; they ride along with the next commit (or their own, if none comes). */
  appendLogs(chunks: LogChunk[]): void {
    if (chunks.length === 0) return;
    this.#logs.push(...chunks);
    this.#schedule();
  }

  /** Resolves when everything queued so far is durable. */
  async drain(): Promise<void> {
    while (this.#scheduled || this.#pending.length > 0 || this.#logs.length > 0) {
      await this.#flushing;
      await new Promise<void>((r) => setImmediate(r));
    }
    await this.#flushing;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // setImmediate lets every completion of this loop turn join the batch.
    setImmediate(() => {
      this.#flushing = this.#flushing.then(() => this.#flush());
    });
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const batch = this.#pending;
    const logs = this.#logs;
    this.#pending = [];
    this.#logs = [];
    if (batch.length === 0 && logs.length === 0) return;
    try {
      await this.#store.append(merge(batch.map((p) => p.entry)), logs);
      for (const p of batch) p.resolve();
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}

/** One entry per run, events in order, so the store sees consecutive seqs. */
function merge(entries: AppendEntry[]): AppendEntry[] {
  const byRun = new Map<string, AppendEntry>();
  for (const e of entries) {
    const existing = byRun.get(e.runId);
    if (!existing) {
      byRun.set(e.runId, { ...e, events: [...e.events], takenCommandIds: e.takenCommandIds && [...e.takenCommandIds] });
      continue;
    }
    existing.events.push(...e.events);
    existing.summary = { ...existing.summary, ...e.summary };
    if (e.takenCommandIds) existing.takenCommandIds = [...(existing.takenCommandIds ?? []), ...e.takenCommandIds];
    if (e.release !== undefined) existing.release = e.release;
    if (e.releaseSlots) existing.releaseSlots = [...(existing.releaseSlots ?? []), ...e.releaseSlots];
  }
  return [...byRun.values()];
}
