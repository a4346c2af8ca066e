/**
 * The vocabulary of the command sandbox: what a command may touch (the policy), how one run ended
 * (the result), and the one method both implementations offer.
 */

/** What a sandboxed command may see and how long and how loud it may be. */
export interface SandboxPolicy {
  /** The only directory the command may write (bound read-write; the command's cwd lies inside it). */
  workspace: string;
  /** Share the host's network; when false the command gets its own empty network namespace. */
  network: boolean;
  /**
   * The only variables the command sees, on top of `defaultEnvironment` (PATH, HOME, TMPDIR, LANG),
   * which these override. Nothing of the parent's environment leaks through.
   */
  env: Record<string, string>;
  /** Wall-clock limit per command, after which its whole process tree is killed. */
  timeoutMs: number;
  /** Bytes kept per stream (stdout, stderr); the rest is drained and counted, not kept. */
  maxOutputBytes: number;
  /** More host paths bound read-only, after the workspace (so `<workspace>/.git` here protects it). */
  extraReadOnly?: string[];
}

/** How one command ended. */
export interface CommandResult {
  /** The exit code, or null when the command was ended by a signal (timeout kill). */
  exitCode: number | null;
  /** The signal that ended the command, when one did. */
  signal?: string;
  stdout: string;
  stderr: string;
  /** True when the time limit fired and the tree was killed. */
  timedOut: boolean;
  /** True when stdout or stderr held more than `maxOutputBytes` (its first and last halves are kept). */
  truncated: boolean;
  durationMs: number;
}

/** Per-command options. */
export interface RunOptions {
  /** Working directory, relative to the workspace or absolute inside it; default the workspace. */
  cwd?: string;
  /** Overrides the policy's time limit for this command. */
  timeoutMs?: number;
  /** Aborting kills the process tree; `run` then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Text written to the command's standard input (otherwise it reads /dev/null). */
  stdin?: string;
}

/** Runs shell commands (`bash -c`) under a policy. */
export interface Sandbox {
  readonly kind: 'bubblewrap' | 'none';
  /** Why bubblewrap was not used, when `mode: 'auto'` fell back to no sandbox. */
  readonly fallbackReason?: string;
  /** Runs `command` with `bash -c`; rejects only on cancellation, a bad cwd or a failure to start. */
  run(command: string, options?: RunOptions): Promise<CommandResult>;
}

/** PATH, HOME, TMPDIR and LANG every command gets unless the policy's env overrides them. */
export function defaultEnvironment(home: string): Record<string, string> {
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: home,
    TMPDIR: home,
    LANG: 'C.UTF-8',
  };
}
