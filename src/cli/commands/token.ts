/** `autodevops token create|list|revoke`: the server's API tokens. */
import type { openApiTokens } from '../../app.ts';
import { AutodevopsError } from '../../core/errors.ts';
import type { CommandContext, CommandHandler } from '../context.ts';
import { options } from '../options.ts';
import { appConfig } from './serve.ts';

const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--expires` as an absolute time: a duration from now (30m, 12h, 90d) or an ISO date. */
export function parseExpiry(text: string, now: number): number {
  const duration = /^(\d+)([mhd])$/.exec(text);
  if (duration) return now + Number(duration[1]) * units[duration[2]!]!;
  const date = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(date)) return date;
  throw new AutodevopsError('ADO_USAGE', `--expires "${text}" is neither a duration nor a date`, { hint: 'Write a duration such as 30m, 12h or 90d, or an ISO date such as 2027-01-31.' });
}

type Tokens = Awaited<ReturnType<typeof openApiTokens>>;

function create(ctx: CommandContext, tokens: Tokens): number {
  const name = ctx.flags.name;
  if (name === undefined || name === '') throw new AutodevopsError('ADO_USAGE', 'token create needs --name');
  const role = (ctx.flags.role ?? options.role.default) as 'viewer' | 'operator' | 'admin';
  const expires = ctx.flags.expires;
  const { secret, token } = tokens.create({ name, role, ...(expires !== undefined && { expiresAt: parseExpiry(expires, ctx.io.now()) }) });
  ctx.io.stdout.write(ctx.flags.json ? `${JSON.stringify({ ...token, token: secret })}\n`
    : `${secret}\nToken ${token.id} (${name}, ${role}) created. It is shown only now: store it; send it as "Authorization: Bearer <token>".\n`);
  return 0;
}

function list(ctx: CommandContext, tokens: Tokens): number {
  const all = tokens.list();
  if (ctx.flags.json) ctx.io.stdout.write(`${JSON.stringify(all)}\n`);
  else if (all.length === 0) ctx.io.stdout.write('No API tokens. Create one with `autodevops token create --name <name> --role viewer`.\n');
  else for (const t of all) {
    const state = t.revokedAt !== undefined ? 'revoked' : t.expiresAt !== undefined ? `expires ${new Date(t.expiresAt).toISOString()}` : 'no expiry';
    ctx.io.stdout.write(`${t.id}  ${t.name}  ${t.role}  ${state}\n`);
  }
  return 0;
}

function revoke(ctx: CommandContext, tokens: Tokens): number {
  const id = ctx.positionals[1];
  if (id === undefined) throw new AutodevopsError('ADO_USAGE', 'token revoke needs the token id');
  const token = tokens.revoke(id);
  ctx.io.stdout.write(ctx.flags.json ? `${JSON.stringify(token)}\n` : `Token ${token.id} (${token.name}) revoked.\n`);
  return 0;
}

const actions = { create, list, revoke };

/** Dispatches to create, list or revoke. */
export const token: CommandHandler = async (ctx) => {
  const action = ctx.positionals[0] ?? '';
  if (!Object.hasOwn(actions, action)) throw new AutodevopsError('ADO_USAGE', `unknown token action "${action}"; use create, list or revoke`);
  const { openApiTokens } = await import('../../app.ts');
  const tokens = await openApiTokens(appConfig(ctx));
  try {
    return actions[action as keyof typeof actions](ctx, tokens);
  } finally {
    tokens.close();
  }
};
