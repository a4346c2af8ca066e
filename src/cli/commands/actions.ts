/** `autodevops actions`: the built-in actions, whether autodevops.yml disables them, and what each does. */
import { listBuiltinActions } from '../../app.ts';
import type { CommandHandler } from '../context.ts';

/** Lists the built-ins as a table, or a JSON array. */
export const actions: CommandHandler = async (ctx) => {
  const list = await listBuiltinActions(ctx.io.cwd);
  if (ctx.flags.json) {
    ctx.io.stdout.write(`${JSON.stringify(list)}\n`);
    return 0;
  }
  const width = Math.max(...list.map((a) => a.name.length));
  const lines = list.map((a) => `${a.name.padEnd(width)}  ${a.enabled ? ctx.colors.green('enabled ') : ctx.colors.dim('disabled')}  ${a.description}`);
  ctx.io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
};
