/** What the live commands feed their output mode (TTY view, plain lines, JSON lines). */
import type { EngineEvent, RunView } from '../../core/views.ts';

/** Output for runs being watched: fed their views and live events, in order. */
export interface RunRenderer {
  /** A run starts being watched; `view` is its state at that moment. */
  begin(view: RunView): void;
  /** A live event of a watched run. */
  event(event: EngineEvent): void;
  /** A message from the CLI itself (e.g. "cancelling…"). */
  note(text: string): void;
  /** Every watched run has ended (completed, waiting or needing a decision); `views` are final. */
  finish(views: RunView[], exitCode: number): void;
  /** Stops timers and restores the terminal; safe to call more than once. */
  dispose(): void;
}

/** A writable text sink: process.stdout, or a buffer in tests. */
export interface TextOutput {
  write(text: string): unknown;
  /** Terminal width, when it is a terminal. */
  columns?: number;
  /** Terminal height, when it is a terminal. */
  rows?: number;
}
