/**
 * The `autodevops` entry point. Loads only the option tables and the parser up front; command
 * handlers, renderers and the App (and through it the engine) are imported when a command runs,
 * so `autodevops --version` and `--help` stay fast.
 */
import pkg from '../../package.json' with { type: 'json' };
import { AutodevopsError, errorCatalogue } from '../core/errors.ts';
import { colorWanted, createColors } from './colors.ts';
import { createContext, processIo } from './context.ts';
import type { CliIo, CommandHandler } from './context.ts';
import { renderCommandHelp, renderHelp } from './help.ts';
import { isCommand } from './options.ts';
import type { CommandName } from './options.ts';
import { parseArgs } from './parse-args.ts';
import { asAutodevopsError, formatError, formatErrorJson } from './print-error.ts';

export { renderCliMarkdown } from './docs.ts';
export type { CliIo } from './context.ts';

/** The version of this autodevops. */
export const version: string = pkg.version;

const handlers: Record<Exclude<CommandName, 'help'>, () => Promise<CommandHandler>> = {
  run: async () => (await import('./commands/run.ts')).run,
  validate: async () => (await import('./commands/validate.ts')).validate,
  list: async () => (await import('./commands/list.ts')).list,
  show: async () => (await import('./commands/show.ts')).show,
  logs: async () => (await import('./commands/logs.ts')).logs,
  cancel: async () => (await import('./commands/cancel.ts')).cancel,
  retry: async () => (await import('./commands/continue-run.ts')).retry,
  resume: async () => (await import('./commands/continue-run.ts')).resume,
  approve: async () => (await import('./commands/continue-run.ts')).approve,
  signal: async () => (await import('./commands/continue-run.ts')).signal,
  actions: async () => (await import('./commands/actions.ts')).actions,
  do: async () => (await import('./commands/do.ts')).doCommand,
  serve: async () => (await import('./commands/serve.ts')).serve,
  token: async () => (await import('./commands/token.ts')).token,
  secrets: async () => (await import('./commands/secrets.ts')).secrets,
  audit: async () => (await import('./commands/audit.ts')).auditCommand(async (config) => (await import('../app.ts')).openAuditLog(config)),
};

/**
 * Runs the CLI on `argv` (without node and script) and resolves to the exit code: 0 success,
 * 1 a run failed or a system error, 2 bad input, 130 interrupted. `io` replaces parts of the
 * process (streams, env, cwd, the App) for tests.
 * @example process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const full: CliIo = { ...processIo(), ...io };
  let json = argv.includes('--json');
  try {
    const { command, positionals, flags } = parseArgs(argv, full.env);
    json = flags.json ?? false;
    const colors = createColors(colorWanted(full.stdout.isTTY === true, full.env, flags['no-color'] ?? false));
    if (flags.version) return print(full, json ? JSON.stringify({ version }) : version, 0);
    if (command === undefined) return flags.help ? print(full, renderHelp(version), 0) : printErr(full, renderHelp(version), 2);
    if (command === 'help') return print(full, helpText(positionals[0]), 0);
    if (flags.help) return print(full, renderCommandHelp(command), 0);
    const handler = await handlers[command]();
    const ctx = createContext(flags, positionals, full, colors);
    try {
      return await handler(ctx);
    } finally {
      await ctx.close();
    }
  } catch (e) {
    return report(e, argv, full, json);
  }
}

/** `help [topic]`; an unknown topic is reported like an unknown command (with a suggestion). */
function helpText(topic: string | undefined): string {
  const command = topic === undefined ? undefined : parseArgs([topic, '--help']).command;
  return command ? renderCommandHelp(command) : renderHelp(version);
}

function print(io: CliIo, text: string, code: number): number {
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return code;
}

function printErr(io: CliIo, text: string, code: number): number {
  io.stderr.write(text);
  return code;
}

function report(e: unknown, argv: string[], io: CliIo, json: boolean): number {
  let error = asAutodevopsError(e);
  const command = argv.find(isCommand);
  if (error.code === 'ADO_USAGE' && error.hint === errorCatalogue.ADO_USAGE.hint && command) {
    const hint = `Run \`autodevops help ${command}\` for the accepted arguments and flags.`;
    error = new AutodevopsError(error.code, error.message, { diagnostics: [...error.diagnostics], hint, cause: error.cause });
  }
  const noColor = argv.includes('--no-color');
  const colors = createColors(colorWanted(io.stderr.isTTY === true, io.env, noColor));
  io.stderr.write(json ? formatErrorJson(error) : formatError(error, colors, io.env.AUTODEVOPS_DEBUG !== undefined));
  return error.exitCode;
}
