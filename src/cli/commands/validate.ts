/**
 * `autodevops validate`: every diagnostic as file:line:col, exit 2 when any file has one. With
 * `--compat`, what runs on this machine per job and step instead; exit 2 when something cannot.
 */
import { formatDiagnostic } from '../../core/errors.ts';
import type { CommandContext, CommandHandler } from '../context.ts';
import { renderCompat } from '../render/compat-tree.ts';

/** Validates the files and directories given; `<file>: ok` for each clean file. */
export const validate: CommandHandler = async (ctx) => {
  if (ctx.flags.compat) return compat(ctx);
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

/** `--compat`: the report as a tree, or `{ ok, files }` with --json. */
async function compat(ctx: CommandContext): Promise<number> {
  const files = await (await ctx.app()).compat(ctx.positionals);
  const ok = files.every((f) => f.runnable);
  if (ctx.flags.json) ctx.io.stdout.write(`${JSON.stringify({ ok, files })}\n`);
  else ctx.io.stdout.write(renderCompat(files, ctx.colors));
  const bad = files.filter((f) => !f.runnable).length;
  if (bad > 0 && !ctx.flags.json) ctx.io.stderr.write(`${bad} of ${files.length} file${files.length === 1 ? '' : 's'} ${bad === 1 ? 'holds' : 'hold'} something that cannot run here; see docs/running-locally.md\n`);
  return ok ? 0 : 2;
}
