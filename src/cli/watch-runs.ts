/**
 * Drives the output of live commands: subscribes before the run starts (so no event is missed),
 * feeds the renderer the run's view and then its events, handles Ctrl-C (first: graceful cancel,
 * second: exit 130) and returns the exit code once every run has ended or is left waiting.
 */
import type { App, RunHandle } from '../app-api.ts';
import type { EngineEvent } from '../core/views.ts';
import type { CommandContext } from './context.ts';
import { exitCodeFor, interruptedExitCode } from './exit-code.ts';
import { JsonRenderer } from './render/json-renderer.ts';
import { LiveRenderer } from './render/live-renderer.ts';
import { PlainRenderer } from './render/plain-renderer.ts';
import type { RunRenderer } from './render/renderer.ts';

/** The reason recorded when the user presses Ctrl-C. */
export const ctrlCReason = 'cancelled by user (Ctrl-C)';

/** The output mode: JSON lines with --json, the live view on a terminal outside CI, plain lines otherwise. */
export function createRenderer(ctx: CommandContext): RunRenderer {
  const { io } = ctx;
  if (ctx.flags.json) return new JsonRenderer({ out: io.stdout, err: io.stderr });
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false' && io.env.CI !== '0';
  const live = io.stdout.isTTY === true && !ci && io.env.TERM !== 'dumb';
  const options = { out: io.stdout, colors: ctx.colors, now: io.now };
  return live ? new LiveRenderer(options) : new PlainRenderer(options);
}

/** Starts runs with `start` and shows them until they end; `empty` is said when there is nothing to show. */
export async function watchRuns(ctx: CommandContext, app: App, start: () => Promise<RunHandle[]>, empty = 'nothing to show'): Promise<number> {
  const renderer = createRenderer(ctx);
  const feed = new EventFeed(renderer);
  const unsubscribe = app.subscribe(undefined, (event) => feed.push(event));
  const interrupts = new InterruptHandler(ctx, app, renderer);
  const stopInterrupts = ctx.io.onInterrupt(() => interrupts.interrupt());
  try {
    const handles = await start();
    for (const handle of handles) renderer.begin(await app.getRun(handle.runId));
    feed.watch(handles.map((h) => h.runId));
    await interrupts.started(handles.map((h) => h.runId));
    if (handles.length === 0) renderer.note(empty);
    const views = await Promise.all(handles.map((h) => h.done));
    const code = exitCodeFor(views, interrupts.count > 0);
    renderer.finish(views, code);
    return code;
  } finally {
    unsubscribe();
    stopInterrupts();
    renderer.dispose();
  }
}

/** Holds events back until the watched run ids are known and their first views shown. */
class EventFeed {
  readonly #renderer: RunRenderer;
  #buffer: EngineEvent[] | undefined = [];
  #ids = new Set<string>();

  constructor(renderer: RunRenderer) {
    this.#renderer = renderer;
  }

  push(event: EngineEvent): void {
    if (this.#buffer) this.#buffer.push(event);
    else if (this.#ids.has(event.runId)) this.#renderer.event(event);
  }

  watch(ids: string[]): void {
    this.#ids = new Set(ids);
    const buffered = this.#buffer ?? [];
    this.#buffer = undefined;
    for (const event of buffered) this.push(event);
  }
}

/** First Ctrl-C cancels the runs gracefully (once they are known); the second exits at once. */
class InterruptHandler {
  readonly #ctx: CommandContext;
  readonly #app: App;
  readonly #renderer: RunRenderer;
  #ids: string[] | undefined;
  count = 0;

  constructor(ctx: CommandContext, app: App, renderer: RunRenderer) {
    this.#ctx = ctx;
    this.#app = app;
    this.#renderer = renderer;
  }

  interrupt(): void {
    this.count++;
    if (this.count > 1) {
      this.#renderer.dispose();
      this.#ctx.io.exit(interruptedExitCode);
      return;
    }
    this.#renderer.note('Cancelling gracefully (running steps are stopped and recorded)… press Ctrl-C again to exit at once.');
    if (this.#ids) void this.#cancel(this.#ids);
  }

  /** The runs are known: cancel them now if Ctrl-C came while they were starting. */
  async started(ids: string[]): Promise<void> {
    this.#ids = ids;
    if (this.count > 0) await this.#cancel(ids);
  }

  async #cancel(ids: string[]): Promise<void> {
    await Promise.all(ids.map((id) => this.#app.cancel(id, ctrlCReason).catch((e: unknown) => this.#renderer.note(`could not cancel ${id}: ${String(e)}`))));
  }
}

/** Convenience for commands that continue one run and may get no handle back. */
export const handlesOf = (handle: RunHandle | undefined): RunHandle[] => (handle ? [handle] : []);

