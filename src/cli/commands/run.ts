/** `autodevops run`: build the request (all input checked first), start the run, show it. */
import type { CommandHandler } from '../context.ts';
import { watchRuns } from '../watch-runs.ts';
import { buildRunRequest } from './run-request.ts';

/** Runs a workflow in this process and returns the exit code of its conclusion. */
export const run: CommandHandler = async (ctx) => {
  const request = await buildRunRequest(ctx.flags, ctx.positionals, ctx.io.cwd);
  const app = await ctx.app();
  return watchRuns(ctx, app, async () => {
    const handle = await app.startRun(request);
    for (const warning of handle.warnings ?? []) ctx.io.stderr.write(`${ctx.colors.yellow('warning')}: ${warning}\n`);
    return [handle];
  });
};
