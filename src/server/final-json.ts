/**
 * JSON of what the API answers about completed runs, serialised once. A completed run never
 * changes, and serialising was most of the cost of `GET …/runs` and `GET …/runs/{run}` once the
 * data is in memory; the answers are the same bytes `JSON.stringify` gives.
 */

import { etagOf } from './conditional.ts';

/** A serialised answer and its entity tag. */
export interface TaggedJson {
  text: string;
  etag: string;
}

/** Texts by key, at most `maxChars` characters in all; the oldest go first. */
export class FinalJson {
  readonly #texts = new Map<string, string>();
  readonly #etags = new Map<string, string>();
  readonly #maxChars: number;
  #chars = 0;

  constructor(maxChars: number) {
    this.#maxChars = maxChars;
  }

  /** `JSON.stringify(value)`, kept under `key` when `completed` (the run's answer is final). */
  text(key: string, completed: boolean, value: unknown): string {
    const kept = completed ? this.#texts.get(key) : undefined;
    if (kept !== undefined) return kept;
    const text = JSON.stringify(value);
    if (completed && text.length <= this.#maxChars) this.#keep(key, text);
    return text;
  }

  /** The text and its ETag; a final answer's tag is computed once. */
  tagged(key: string, completed: boolean, value: unknown): TaggedJson {
    const text = this.text(key, completed, value);
    if (!completed || this.#texts.get(key) !== text) return { text, etag: etagOf(text) };
    let etag = this.#etags.get(key);
    if (etag === undefined) this.#etags.set(key, (etag = etagOf(text)));
    return { text, etag };
  }

  #keep(key: string, text: string): void {
    for (const [k, old] of this.#texts) {
      if (this.#chars + text.length <= this.#maxChars) break;
      this.#texts.delete(k);
      this.#etags.delete(k);
      this.#chars -= old.length;
    }
    this.#texts.set(key, text);
    this.#chars += text.length;
  }
}
