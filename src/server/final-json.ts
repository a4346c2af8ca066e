/**
 * JSON of what the API answers about completed runs, serialised once. A completed run never
 * changes, and serialising was most of the cost of `GET …/runs` and `GET …/runs/{run}` once the
 * data is in memory; the answers are the same bytes `JSON.stringify` gives. A kept answer also
 * keeps its entity tag once one was asked for.
 */
import { etagOf } from './conditional.ts';

/** A serialised answer and its entity tag. */
export interface TaggedJson {
  text: string;
  etag: string;
}

/** Answers by key, at most `maxChars` characters in all; the oldest go first. */
export class FinalJson {
  readonly #kept = new Map<string, { text: string; etag?: string }>();
  readonly #maxChars: number;
  #chars = 0;

  constructor(maxChars: number) {
    this.#maxChars = maxChars;
  }

  /** `JSON.stringify(value)`, kept under `key` when `completed` (the run's answer is final). */
  text(key: string, completed: boolean, value: unknown): string {
    return this.#entry(key, completed, value).text;
  }

  /** The text and its ETag; a kept answer's tag is computed once. */
  tagged(key: string, completed: boolean, value: unknown): TaggedJson {
    const entry = this.#entry(key, completed, value);
    entry.etag ??= etagOf(entry.text);
    return { text: entry.text, etag: entry.etag };
  }

  #entry(key: string, completed: boolean, value: unknown): { text: string; etag?: string } {
    const kept = completed ? this.#kept.get(key) : undefined;
    if (kept !== undefined) return kept;
    const entry = { text: JSON.stringify(value) };
    if (completed && entry.text.length <= this.#maxChars) this.#keep(key, entry);
    return entry;
  }

  #keep(key: string, entry: { text: string }): void {
    for (const [k, old] of this.#kept) {
      if (this.#chars + entry.text.length <= this.#maxChars) break;
      this.#kept.delete(k);
      this.#chars -= old.text.length;
    }
    this.#kept.set(key, entry);
    this.#chars += entry.text.length;
  }
}
