/**
 * Runs a host program (git, `node --version`, …) for a built-in action, capturing its output.
 * Goes through process-tree.ts so cancellation and step timeouts end the whole tree, as for `run:`.
 */
import { permanent } from '../../core/failure.ts';
import { runProcessTree } from '../process-tree.ts';

/** How to run it. */
export interface HostCommandOptions {
  cwd: string;
  env: Record<string, string>;
  signal?: AbortSignal;
  /** Streams output lines to the step's log as well as capturing them. */
  log?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Kills the program after this long (probing a toolchain must not hang a step). */
  timeoutMs?: number;
}

/** What it printed and how it ended. */
export interface HostCommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `command args…`; resolves with its output, also on a non-zero exit. Rejects when it cannot start. */
export async function runHostCommand(command: string, args: readonly string[], options: HostCommandOptions): Promise<HostCommandResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const signal = combine(options.signal, options.timeoutMs);
  const result = await runProcessTree({
    command, args, cwd: options.cwd, env: options.env, signal, drainMs: 1000, killGraceMs: 500,
    onStdout: (chunk) => {
      out.push(chunk);
      options.log?.('stdout', chunk.toString('utf8'));
    },
    onStderr: (chunk) => {
      err.push(chunk);
      options.log?.('stderr', chunk.toString('utf8'));
    },
  });
  if (result.aborted && options.signal?.aborted) throw options.signal.reason;
  return { exitCode: result.exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** Like runHostCommand, but a non-zero exit is a step failure that quotes the program's error output. */
export async function runChecked(command: string, args: readonly string[], options: HostCommandOptions): Promise<string> {
  const r = await runHostCommand(command, args, options);
  if (r.exitCode !== 0) {
    const detail = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-5).join('\n');
    throw permanent(`\`${[command, ...args].join(' ')}\` failed with exit code ${r.exitCode}${detail ? `: ${detail}` : ''}`);
  }
  return r.stdout;
}

function combine(signal: AbortSignal | undefined, timeoutMs: number | undefined): AbortSignal | undefined {
  if (timeoutMs === undefined) return signal;
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}
