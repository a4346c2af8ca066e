/**
 * Removes secrets and `::add-mask::` values from text before it is stored or shown. Multi-line
 * secrets are also masked line by line, as GitHub does, because logs arrive line by line.
 */
const MASK = '***';

/** A growing set of values to mask. */
export class Masker {
  #values: string[] = [];
  #pattern: RegExp | undefined;

  /** Adds a value (and each of its lines); values shorter than 2 characters are ignored, as on GitHub. */
  add(value: string): void {
    const parts = [value, ...value.split(/\r?\n/)].map((v) => v.trim()).filter((v) => v.length >= 2);
    let changed = false;
    for (const p of parts) {
      if (!this.#values.includes(p)) {
        this.#values.push(p);
        changed = true;
      }
    }
    if (changed) this.#pattern = undefined;
  }

  /** True when nothing is masked yet (lets hot paths skip work). */
  get empty(): boolean {
    return this.#values.length === 0;
  }

  /** The text with every masked value replaced by `***`; longest values first so overlaps mask fully. */
  mask(text: string): string {
    if (this.#values.length === 0 || text.length === 0) return text;
    this.#pattern ??= new RegExp([...this.#values].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
    return text.replace(this.#pattern, MASK);
  }

  /** True when the text holds a masked value. */
  holdsSecret(text: string): boolean {
    return this.mask(text) !== text;
  }

  /** The values, for sealing into the store; never log them. */
  values(): readonly string[] {
    return this.#values;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
