/**
 * `autodevops logs <run>`: the stored log lines, or with `--follow` the lines as they come until
 * the run ends (then the summary, and the run's exit code). Ctrl-C stops following; it never
 * cancels the run.
 */
import type { App } from '../../app-api.ts';
import type { LogChunk } from '../../core/events.ts';
import type { CommandContext, CommandHandler } from '../context.ts';
import { exitCodeFor, interruptedExitCode } from '../exit-code.ts';
import type { JsonResult } from '../render/json-renderer.ts';
import { formatLogChunk } from '../render/log-lines.ts';
import { summaryLines } from '../render/summary.ts';

/** Prints a run's logs. */
export const logs: CommandHandler = async (ctx) => {
  const app = await ctx.app();
  const { id } = await app.getRun(ctx.positionals[0]!);
  const query = ctx.flags.step !== undefined ? { step: ctx.flags.step } : {};
  const print = (chunk: LogChunk): void => {
    const text = ctx.flags.json ? [JSON.stringify({ kind: 'log', runId: id, chunk })] : formatLogChunk(chunk, ctx.colors);
    ctx.io.stdout.write(text.map((l) => `${l}\n`).join(''));
  };
  if (!ctx.flags.follow) {
    for (const chunk of await app.readLogs(id, query)) print(chunk);
    return 0;
  }
  return follow(ctx, app, id, query, print);
};

async function follow(ctx: CommandContext, app: App, id: string, query: { step?: string }, print: (chunk: LogChunk) => void): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const stop = ctx.io.onInterrupt(() => {
    if (++interrupts > 1) ctx.io.exit(interruptedExitCode);
    controller.abort();
  });
  try {
    if (!controller.signal.aborted) await app.followLogs(id, query, print, controller.signal);
  } catch (e) {
    if (!controller.signal.aborted) throw e;
  } finally {
    stop();
  }
  if (controller.signal.aborted) return interruptedExitCode;
  const view = await app.getRun(id);
  const exitCode = exitCodeFor([view], false);
  const result: JsonResult = { kind: 'result', exitCode, runs: [view] };
  ctx.io.stdout.write(ctx.flags.json ? `${JSON.stringify(result)}\n` : ['', ...summaryLines(view, ctx.colors, ctx.io.now()), ''].join('\n'));
  return exitCode;
}
