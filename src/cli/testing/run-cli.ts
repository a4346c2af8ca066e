/** Runs `main()` with buffers, a fake App and a scripted Ctrl-C, and returns what it printed. */
import type { AppConfig } from '../../app-api.ts';
import { main } from '../main.ts';
import { FakeApp } from './fake-app.ts';
import { t0 } from './fixtures.ts';
import { TextBuffer } from './text-output.ts';

/** What one CLI invocation did. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  configs: AppConfig[];
  exits: number[];
}

/** How to run it. */
export interface CliOptions {
  app?: FakeApp;
  env?: Record<string, string>;
  cwd?: string;
  tty?: boolean;
  /** Ctrl-C presses: `now` fires while the handler is being installed, a number after that many ms. */
  interrupts?: Array<'now' | number>;
}

/** Invokes the CLI in-process. */
export async function runCli(argv: string[], options: CliOptions = {}): Promise<CliResult> {
  const stdout = new TextBuffer({ isTTY: options.tty ?? false, columns: 100, rows: 40 });
  const stderr = new TextBuffer();
  const configs: AppConfig[] = [];
  const exits: number[] = [];
  const app = options.app ?? new FakeApp();
  const code = await main(argv, {
    stdout, stderr, env: options.env ?? {}, cwd: options.cwd ?? '/work', now: () => t0 + 5000,
    openApp: async (config) => {
      configs.push(config);
      return app;
    },
    onInterrupt: (handler) => {
      const timers = (options.interrupts ?? []).map((when) => (when === 'now' ? handler() : setTimeout(handler, when)));
      return () => timers.forEach((t) => t && clearTimeout(t));
    },
    exit: (c) => void exits.push(c),
  });
  return { code, stdout: stdout.text, stderr: stderr.text, configs, exits };
}
