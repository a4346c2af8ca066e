/**
 * Commands that continue existing runs and show them live: `retry`, `resume`, `approve`,
 * `signal`. Run ids may be unique prefixes; they are resolved through `getRun` first.
 */
import { AutodevopsError } from '../../core/errors.ts';
import type { CommandContext, CommandHandler } from '../context.ts';
import { handlesOf, watchRuns } from '../watch-runs.ts';

async function resolveId(ctx: CommandContext, idOrPrefix: string): Promise<string> {
  return (await (await ctx.app()).getRun(idOrPrefix)).id;
}

/** A new run of the same workflow and trigger (`--failed`: only the failed jobs). */
export const retry: CommandHandler = async (ctx) => {
  const app = await ctx.app();
  const id = await resolveId(ctx, ctx.positionals[0]!);
  return watchRuns(ctx, app, async () => [await app.retry(id, { failedOnly: ctx.flags.failed ?? false })]);
};

/** Continues interrupted runs here: the ones named, or all. */
export const resume: CommandHandler = async (ctx) => {
  const app = await ctx.app();
  const ids = await Promise.all(ctx.positionals.map((p) => resolveId(ctx, p)));
  const decision = ctx.flags.decision as 'retry' | 'skip' | 'fail' | undefined;
  const start = () => app.resume(ids.length > 0 ? ids : undefined, decision ? { decision } : {});
  return watchRuns(ctx, app, start, 'No interrupted runs to resume.');
};

/** Decides a pending approval; shows the run if it continues in this process. */
export const approve: CommandHandler = async (ctx) => {
  const app = await ctx.app();
  const id = await resolveId(ctx, ctx.positionals[0]!);
  const approved = !(ctx.flags.reject ?? false);
  const decision = { approve: approved, ...(ctx.flags.as !== undefined ? { by: ctx.flags.as } : {}), ...(ctx.flags.comment !== undefined ? { comment: ctx.flags.comment } : {}) };
  const empty = `${approved ? 'Approved' : 'Rejected'} run ${id}; the process that owns it continues it. See it with: autodevops show ${id}`;
  return watchRuns(ctx, app, async () => handlesOf(await app.approve(id, decision)), empty);
};

/** Sends a named signal (with an optional JSON payload) to a waiting run. */
export const signal: CommandHandler = async (ctx) => {
  const payload = parsePayload(ctx.flags.payload);
  const app = await ctx.app();
  const id = await resolveId(ctx, ctx.positionals[0]!);
  const name = ctx.positionals[1]!;
  const empty = `Sent signal "${name}" to run ${id}; the process that owns it continues it.`;
  return watchRuns(ctx, app, async () => handlesOf(await app.signal(id, name, payload)), empty);
};

/** `--payload` as JSON; ADO_ARGUMENT_INVALID when it is not. */
export function parsePayload(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new AutodevopsError('ADO_ARGUMENT_INVALID', `--payload: not valid JSON (${(e as Error).message})`, {
      hint: `Quote the JSON for your shell, e.g. --payload '{"version":"1.2.3"}'.`,
    });
  }
}
