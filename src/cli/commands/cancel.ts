/** `autodevops cancel <run>`. */
import type { CommandHandler } from '../context.ts';

/** The reason recorded for a cancel from the command line. */
export const cancelReason = 'cancelled from the command line';

/** Asks the engine to cancel a run; running steps are stopped by the process that owns it. */
export const cancel: CommandHandler = async (ctx) => {
  const app = await ctx.app();
  const { id } = await app.getRun(ctx.positionals[0]!);
  await app.cancel(id, cancelReason);
  ctx.io.stdout.write(ctx.flags.json ? `${JSON.stringify({ runId: id, cancelRequested: true })}\n` : `Cancelling run ${id}. See it with: autodevops show ${id}\n`);
  return 0;
};
