/** `autodevops validate`: every diagnostic as file:line:col, exit 2 when any file has one. */
import { formatDiagnostic } from '../../core/errors.ts';
import type { CommandHandler } from '../context.ts';

/** Validates the files and directories given; `<file>: ok` for each clean file. */
export const validate: CommandHandler = async (ctx) => {
  const results = await (await ctx.app()).validate(ctx.positionals);
  const ok = results.every((r) => r.diagnostics.length === 0);
  if (ctx.flags.json) {
    ctx.io.stdout.write(`${JSON.stringify({ ok, files: results })}\n`);
    return ok ? 0 : 2;
  }
  const c = ctx.colors;
  for (const result of results) {
    if (result.diagnostics.length === 0) ctx.io.stdout.write(`${result.file}: ${c.green('ok')}\n`);
    for (const d of result.diagnostics) ctx.io.stdout.write(`${formatDiagnostic(d)}\n`);
  }
  if (!ok) {
    const bad = results.filter((r) => r.diagnostics.length > 0);
    const problems = bad.reduce((n, r) => n + r.diagnostics.length, 0);
    ctx.io.stderr.write(`${problems} problem${problems === 1 ? '' : 's'} in ${bad.length} of ${results.length} file${results.length === 1 ? '' : 's'}\n`);
  }
  return ok ? 0 : 2;
};
