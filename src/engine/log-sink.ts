/**
 * Collects a step's output into masked log chunks. Text is masked per complete line, so a secret
 * split across two writes is still caught; a partial line waits for its end or for `flush()`.
 */
import type { LogChunk } from '../core/events.ts';
import type { Masker } from './masker.ts';

type Stream = LogChunk['stream'];

/** Buffers one step's log text and hands out masked chunks. */
export class LogSink {
  #partial: Record<Stream, string> = { stdout: '', stderr: '', system: '' };
  #ready: Array<{ stream: Stream; text: string; at: number }> = [];

  readonly #runId: string;
  readonly #stepKey: string;
  readonly #masker: Masker;
  readonly #now: () => number;

  constructor(runId: string, stepKey: string, masker: Masker, now: () => number) {
    this.#runId = runId;
    this.#stepKey = stepKey;
    this.#masker = masker;
    this.#now = now;
  }

  /** Adds text; complete lines are masked now, the rest waits for more text. */
  write(stream: Stream, text: string): void {
    const combined = this.#partial[stream] + text;
    const lastBreak = combined.lastIndexOf('\n');
    if (lastBreak < 0) {
      this.#partial[stream] = combined;
      return;
    }
    this.#partial[stream] = combined.slice(lastBreak + 1);
    this.#push(stream, combined.slice(0, lastBreak + 1));
  }

  /** Masks and releases everything, partial lines included; `nextSeq` numbers the chunks. */
  drain(nextSeq: () => number, final: boolean): LogChunk[] {
    if (final) {
      for (const stream of ['stdout', 'stderr', 'system'] as const) {
        if (this.#partial[stream]) this.#push(stream, this.#partial[stream]);
        this.#partial[stream] = '';
      }
    }
    const out = this.#ready.map((r) => ({ runId: this.#runId, stepKey: this.#stepKey, seq: nextSeq(), at: r.at, stream: r.stream, text: r.text }));
    this.#ready = [];
    return out;
  }

  /** True when masked text is waiting to be drained. */
  get pending(): boolean {
    return this.#ready.length > 0;
  }

  #push(stream: Stream, text: string): void {
    const masked = this.#masker.mask(text);
    const last = this.#ready.at(-1);
    if (last && last.stream === stream && last.text.length < 16_384) last.text += masked;
    else this.#ready.push({ stream, text: masked, at: this.#now() });
  }
}
