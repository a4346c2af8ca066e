/** `autodevops show <run>`: the run in detail, or its RunView as JSON. */
import type { CommandHandler } from '../context.ts';
import { renderRunDetails } from '../render/run-details.ts';

/** Prints one run. */
export const show: CommandHandler = async (ctx) => {
  const view = await (await ctx.app()).getRun(ctx.positionals[0]!);
  ctx.io.stdout.write(ctx.flags.json ? `${JSON.stringify(view)}\n` : renderRunDetails(view, ctx.colors, ctx.io.now()));
  return 0;
};
