/** `autodevops list`: recent runs as a table, or a JSON array. */
import type { RunStatus } from '../../core/states.ts';
import type { CommandHandler } from '../context.ts';
import { options } from '../options.ts';
import { renderRunTable } from '../render/run-table.ts';

/** Lists runs, newest first. */
export const list: CommandHandler = async (ctx) => {
  const query = { limit: ctx.flags.limit ?? options.limit.default, ...(ctx.flags.status ? { status: ctx.flags.status as RunStatus[] } : {}) };
  const runs = await (await ctx.app()).listRuns(query);
  if (ctx.flags.json) ctx.io.stdout.write(`${JSON.stringify(runs)}\n`);
  else if (runs.length === 0) ctx.io.stdout.write('No runs yet. Start one with `autodevops run`.\n');
  else ctx.io.stdout.write(renderRunTable(runs, ctx.colors, ctx.io.now()));
  return 0;
};
