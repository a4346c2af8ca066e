/** `--json` output for live commands: each engine event as one JSON line, then one result line. */
import type { EngineEvent, RunView } from '../../core/views.ts';
import type { RunRenderer, TextOutput } from './renderer.ts';

/** The last line of `--json` output of a live command. */
export interface JsonResult {
  kind: 'result';
  exitCode: number;
  runs: RunView[];
}

/** JSON-lines output mode; notes (meant for people) go to `err`. */
export class JsonRenderer implements RunRenderer {
  readonly #out: TextOutput;
  readonly #err: TextOutput;
  readonly #watched = new Set<string>();

  constructor(options: { out: TextOutput; err: TextOutput }) {
    this.#out = options.out;
    this.#err = options.err;
  }

  begin(view: RunView): void {
    this.#watched.add(view.id);
  }

  event(event: EngineEvent): void {
    if (this.#watched.has(event.runId)) this.#out.write(`${JSON.stringify(event)}\n`);
  }

  note(text: string): void {
    this.#err.write(`${text}\n`);
  }

  finish(views: RunView[], exitCode: number): void {
    const result: JsonResult = { kind: 'result', exitCode, runs: views };
    this.#out.write(`${JSON.stringify(result)}\n`);
  }

  dispose(): void {}
}
