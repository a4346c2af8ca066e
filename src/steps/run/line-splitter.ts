/**
 * Turns a byte stream that arrives in arbitrary chunks into lines. UTF-8 characters split across
 * chunks are joined; `\n`, `\r\n` and a lone `\r` end a line, as .NET's ReadLine does for the GitHub
 * runner (so progress bars drawn with `\r` become separate lines there too).
 */
import { StringDecoder } from 'node:string_decoder';

/** A line longer than this is cut, so output without line breaks cannot grow memory without bound. */
export const maxLineLength = 1024 * 1024;

/** Splits one stream into lines; keeps the unterminated remainder for the next chunk. */
export class LineSplitter {
  readonly #decoder = new StringDecoder('utf8');
  #partial = '';
  /** The last chunk ended in `\r`; a `\n` starting the next one belongs to it. */
  #skipLf = false;

  /** The lines completed by this chunk, without their line ends. */
  push(chunk: Buffer | string): string[] {
    let text = typeof chunk === 'string' ? chunk : this.#decoder.write(chunk);
    if (text === '') return [];
    if (this.#skipLf && text.charCodeAt(0) === 10) text = text.slice(1);
    this.#skipLf = false;
    const lines: string[] = [];
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      lines.push(this.#partial + text.slice(from, i));
      this.#partial = '';
      if (c === 13 && i + 1 === text.length) this.#skipLf = true;
      else if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      from = i + 1;
    }
    this.#partial += text.slice(from);
    if (this.#partial.length > maxLineLength) lines.push(this.#take());
    return lines;
  }

  /** The unterminated last line, if any, once the stream has ended. */
  end(): string[] {
    this.#partial += this.#decoder.end();
    return this.#partial === '' ? [] : [this.#take()];
  }

  #take(): string {
    const line = this.#partial;
    this.#partial = '';
    return line;
  }
}
