/** A TextOutput that keeps what was written, for assertions. */
import type { TextOutput } from '../render/renderer.ts';

/** Collects writes; `text` is everything written so far. */
export class TextBuffer implements TextOutput {
  text = '';
  isTTY: boolean;
  columns: number | undefined;
  rows: number | undefined;

  constructor(options: { isTTY?: boolean; columns?: number; rows?: number } = {}) {
    this.isTTY = options.isTTY ?? false;
    this.columns = options.columns;
    this.rows = options.rows;
  }

  write(text: string): boolean {
    this.text += text;
    return true;
  }
}
