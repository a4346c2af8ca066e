/**
 * Collects one output stream within a byte limit. A chatty command must not fill memory, yet both
 * ends of its output matter to a reader (what started, and the error summary at the end), so the
 * first and the last halves of the limit are kept and everything in between is only counted.
 */

/** Keeps at most `limit` bytes of a stream: its head and its tail. */
export class CappedOutput {
  readonly #headLimit: number;
  readonly #tailLimit: number;
  readonly #head: Buffer[] = [];
  #headBytes = 0;
  #tail: Buffer[] = [];
  #tailBytes = 0;
  #total = 0;

  constructor(limit: number) {
    this.#headLimit = Math.ceil(Math.max(0, limit) / 2);
    this.#tailLimit = Math.max(0, limit) - this.#headLimit;
  }

  /** Adds a chunk; bytes beyond the limit push older tail bytes out. */
  push(chunk: Buffer): void {
    this.#total += chunk.length;
    const room = this.#headLimit - this.#headBytes;
    if (room > 0) {
      const taken = chunk.subarray(0, room);
      this.#head.push(taken);
      this.#headBytes += taken.length;
      chunk = chunk.subarray(taken.length);
    }
    if (chunk.length > 0) this.#pushTail(chunk);
  }

  /** True when some bytes were left out. */
  get truncated(): boolean {
    return this.#total > this.#headBytes + this.#tailBytes;
  }

  /** The kept text, with a marker line where bytes were left out. */
  text(): string {
    const head = Buffer.concat(this.#head).toString('utf8');
    const tail = Buffer.concat(this.#tail).toString('utf8');
    if (!this.truncated) return head + tail;
    const omitted = this.#total - this.#headBytes - this.#tailBytes;
    return `${head}\n[… ${omitted} bytes of output omitted …]\n${tail}`;
  }

  #pushTail(chunk: Buffer): void {
    this.#tail.push(chunk);
    this.#tailBytes += chunk.length;
    while (this.#tailBytes > this.#tailLimit) {
      const first = this.#tail[0]!;
      const excess = this.#tailBytes - this.#tailLimit;
      if (first.length <= excess) this.#tail.shift();
      else this.#tail[0] = first.subarray(excess);
      this.#tailBytes -= Math.min(first.length, excess);
    }
  }
}
