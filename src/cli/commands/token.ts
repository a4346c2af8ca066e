/** `autodevops token create|list|revoke`: the server's API tokens, each of one project (or `*`: server-wide). */
import type { openServerAdmin } from '../../app.ts';
import { AutodevopsError } from '../../core/errors.ts';
import type { CommandContext, CommandHandler } from '../context.ts';
import { options } from '../options.ts';
import { appConfig } from './serve.ts';

const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
const projectName = /^(\*|[a-z0-9][a-z0-9-]{0,62})$/;

/** `--expires` as an absolute time: a duration from now (30m, 12h, 90d) or an ISO date. */
export function parseExpiry(text: string, now: number): number {
  const duration = /^(\d+)([mhd])$/.exec(text);
  if (duration) return now + Number(duration[1]) * units[duration[2]!]!;
  const date = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(date)) return date;
  throw new AutodevopsError('ADO_USAGE', `--expires "${text}" is neither a duration nor a date`, { hint: 'Write a duration such as 30m, 12h or 90d, or an ISO date such as 2027-01-31.' });
}

type Admin = Awaited<ReturnType<typeof openServerAdmin>>;

function expiry(ctx: CommandContext): { expiresAt?: number } {
  const inFlag = ctx.flags['expires-in'];
  if (inFlag !== undefined && !/^\d+[mhd]$/.test(inFlag)) throw new AutodevopsError('ADO_USAGE', `--expires-in "${inFlag}" is not a duration`, { hint: 'Write a duration such as 30m, 12h or 90d.' });
  const text = inFlag ?? ctx.flags.expires;
  return text === undefined ? {} : { expiresAt: parseExpiry(text, ctx.io.now()) };
}

/** The token's project; created on first use, so the first token of a project needs no server. */
function ensureProject(ctx: CommandContext, admin: Admin): string {
  const project = ctx.flags.project;
  if (project === undefined) throw new AutodevopsError('ADO_USAGE', 'token create needs --project (a project name, or * for a server-wide token)');
  if (!projectName.test(project)) throw new AutodevopsError('ADO_USAGE', `--project "${project}" is not a project name`, { hint: 'Use lower-case letters, digits and "-", or * for a server-wide token.' });
  if (project !== '*' && admin.projects.get(project) === undefined) {
    admin.projects.create(project);
    if (!ctx.flags.json) ctx.io.stderr.write(`Project ${project} created.\n`);
  }
  return project;
}

function create(ctx: CommandContext, admin: Admin): number {
  const name = ctx.flags.name;
  if (name === undefined || name === '') throw new AutodevopsError('ADO_USAGE', 'token create needs --name');
  const role = (ctx.flags.role ?? options.role.default) as 'viewer' | 'operator' | 'admin';
  const validity = expiry(ctx);
  const project = ensureProject(ctx, admin);
  const { secret, token } = admin.tokens.create({ name, project, role, ...validity });
  ctx.io.stdout.write(ctx.flags.json ? `${JSON.stringify({ ...token, token: secret })}\n`
    : `${secret}\nToken ${token.id} (${name}, ${role} of ${project === '*' ? 'every project' : `project ${project}`}) created. It is shown only now: store it; send it as "Authorization: Bearer <token>".\n`);
  return 0;
}

function list(ctx: CommandContext, admin: Admin): number {
  const all = admin.tokens.list(ctx.flags.project);
  if (ctx.flags.json) ctx.io.stdout.write(`${JSON.stringify(all)}\n`);
  else if (all.length === 0) ctx.io.stdout.write('No API tokens. Create one with `autodevops token create --project <name> --name <name> --role viewer`.\n');
  else for (const t of all) {
    const state = t.revokedAt !== undefined ? 'revoked' : t.expiresAt !== undefined ? `expires ${new Date(t.expiresAt).toISOString()}` : 'no expiry';
    ctx.io.stdout.write(`${t.id}  ${t.name}  ${t.project}  ${t.role}  ${state}\n`);
  }
  return 0;
}

function revoke(ctx: CommandContext, admin: Admin): number {
  const id = ctx.positionals[1];
  if (id === undefined) throw new AutodevopsError('ADO_USAGE', 'token revoke needs the token id');
  const token = admin.tokens.revoke(id);
  ctx.io.stdout.write(ctx.flags.json ? `${JSON.stringify(token)}\n` : `Token ${token.id} (${token.name}) revoked.\n`);
  return 0;
}

const actions = { create, list, revoke };

/** Dispatches to create, list or revoke. */
export const token: CommandHandler = async (ctx) => {
  const action = ctx.positionals[0] ?? '';
  if (!Object.hasOwn(actions, action)) throw new AutodevopsError('ADO_USAGE', `unknown token action "${action}"; use create, list or revoke`);
  const { openServerAdmin } = await import('../../app.ts');
  const admin = await openServerAdmin(appConfig(ctx));
  try {
    return actions[action as keyof typeof actions](ctx, admin);
  } finally {
    admin.close();
  }
};
