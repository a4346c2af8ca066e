/**
 * What a command handler gets: parsed flags, the process's streams and environment (injectable, so
 * tests drive `main()` with buffers and temp dirs), and the App, opened on first use. The App is
 * imported lazily, so `--version` and `--help` never load the engine.
 */
import { resolve } from 'node:path';
import type { ActionsConfig, App, AppConfig } from '../app-api.ts';
import type { Colors } from './colors.ts';
import type { Flags } from './options.ts';
import type { TextOutput } from './render/renderer.ts';

/** A stream the CLI writes to. */
export type CliOutput = TextOutput & { isTTY?: boolean };

/** The process around the CLI; `main()` takes any part of it for tests. */
export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Opens the App; by default imports `src/app.ts` lazily. */
  openApp(config: AppConfig): Promise<App>;
  /** Calls `handler` on each Ctrl-C until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
  /** Ends the process at once (second Ctrl-C). */
  exit(code: number): void;
  now(): number;
}

/** The real process. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    openApp: async (config) => {
      const { openApp } = await import('../app.ts');
      return openApp(config);
    },
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      return () => void process.off('SIGINT', handler);
    },
    exit: (code) => process.exit(code),
    now: Date.now,
  };
}

/** Everything a command handler needs. */
export interface CommandContext {
  flags: Flags;
  positionals: string[];
  io: CliIo;
  /** Colours for stdout. */
  colors: Colors;
  /** The App, opened on first call and closed by `main()`. */
  app(): Promise<App>;
}

/** A command's implementation; resolves to the exit code. */
export type CommandHandler = (ctx: CommandContext) => Promise<number>;

/** A context whose `close()` closes the App if a handler opened it. */
export function createContext(flags: Flags, positionals: string[], io: CliIo, colors: Colors): CommandContext & { close(): Promise<void> } {
  let opened: Promise<App> | undefined;
  const config: AppConfig = { cwd: io.cwd, env: io.env };
  if (flags['data-dir'] !== undefined) config.dataDir = resolve(io.cwd, flags['data-dir']);
  const actions = actionsConfig(flags, io.cwd);
  if (actions) config.actions = actions;
  return {
    flags,
    positionals,
    io,
    colors,
    app: () => (opened ??= io.openApp(config)),
    close: async () => {
      if (opened) await (await opened).close();
    },
  };
}

/** `--action-offline`, `--action-override`, `--action-server` as the App's actions config; undefined when none is given. */
function actionsConfig(flags: Flags, cwd: string): ActionsConfig | undefined {
  const actions: ActionsConfig = {};
  if (flags['action-offline']) actions.offline = true;
  if (flags['action-server'] !== undefined) actions.server = flags['action-server'];
  const overrides = flags['action-override'];
  if (overrides) actions.overrides = Object.fromEntries(Object.entries(overrides).map(([key, dir]) => [key, resolve(cwd, dir)]));
  return Object.keys(actions).length > 0 ? actions : undefined;
}
