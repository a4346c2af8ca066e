/**
 * `autodevops audit verify|list`: checks the server's hash-chained audit log in
 * `<data-dir>/server.db`, or prints it. The log is reached through the App's composition root
 * (the CLI does not import the server), so the handler is built around an opener.
 */
import type { AppConfig } from '../../app-api.ts';
import { AutodevopsError } from '../../core/errors.ts';
import type { CommandContext, CommandHandler } from '../context.ts';
import { appConfig } from './serve.ts';

/** An audit entry as the command prints it (the server's AuditEntry). */
export interface AuditEntryView {
  seq: number;
  at: number;
  actor: string;
  project?: string;
  action: string;
  target?: string;
  outcome: string;
  details: Record<string, unknown>;
  hash: string;
}

/** The few methods of the server's audit log the command calls. */
export interface AuditReader {
  verify(): { ok: true; entries: number; head: string } | { ok: false; firstBadSeq: number; reason: string };
  list(): AuditEntryView[];
  close(): void;
}

/** Opens the audit log of the data directory a configuration designates. */
export type OpenAuditReader = (config: AppConfig) => Promise<AuditReader>;

function verify(ctx: CommandContext, log: AuditReader): number {
  const result = log.verify();
  if (!result.ok) throw new AutodevopsError('ADO_AUDIT_BROKEN', `audit log broken at entry ${result.firstBadSeq}: ${result.reason}`);
  ctx.io.stdout.write(ctx.flags.json ? `${JSON.stringify(result)}\n` : `audit log OK: ${result.entries} entries, head ${result.head}\n`);
  return 0;
}

/** One entry as a text line: seq, time, actor, project, action, target, outcome. */
export function formatEntry(e: AuditEntryView): string {
  return [`#${e.seq}`, new Date(e.at).toISOString(), e.actor, e.project ?? '-', e.action, e.target ?? '-', e.outcome].join('  ');
}

function list(ctx: CommandContext, log: AuditReader): number {
  const entries = log.list();
  if (ctx.flags.json) ctx.io.stdout.write(`${JSON.stringify(entries)}\n`);
  else if (entries.length === 0) ctx.io.stdout.write('The audit log is empty.\n');
  else for (const e of entries) ctx.io.stdout.write(`${formatEntry(e)}\n`);
  return 0;
}

const actions = { verify, list };

/**
 * The `audit` handler over an opener of the audit log.
 * @example audit: async () => (await import('./commands/audit.ts')).auditCommand(async (config) => (await import('../app.ts')).openAuditLog(config))
 */
export function auditCommand(open: OpenAuditReader): CommandHandler {
  return async (ctx) => {
    const action = ctx.positionals[0] ?? '';
    if (!Object.hasOwn(actions, action)) throw new AutodevopsError('ADO_USAGE', `unknown audit action "${action}"; use verify or list`);
    const log = await open(appConfig(ctx));
    try {
      return actions[action as keyof typeof actions](ctx, log);
    } finally {
      log.close();
    }
  };
}
