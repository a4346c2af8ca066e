/** Running the real `git` for fetching actions: no prompts, bounded in time, errors that keep git's words. */
import { execFile } from 'node:child_process';

/** How git is run. */
export interface GitOptions {
  /** Environment for git (PATH, HOME for its config, proxy variables). */
  env: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** A git command that failed; `reason` is git's own last line of complaint. */
export class GitError extends Error {
  readonly reason: string;
  constructor(args: readonly string[], reason: string) {
    super(`git ${args.join(' ')}: ${reason}`);
    this.name = 'GitError';
    this.reason = reason;
  }
}

/** Runs `git <args>` and resolves with its stdout; rejects with a GitError. */
export function git(args: readonly string[], options: GitOptions): Promise<string> {
  // Never ask for credentials on a terminal: a missing repository must fail, not hang.
  const env = { ...options.env, GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never' };
  return new Promise((resolve, reject) => {
    execFile('git', [...args], { env, cwd: options.cwd, timeout: options.timeoutMs, signal: options.signal, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      reject(new GitError(args, reasonOf(error, stderr, options.timeoutMs)));
    });
  });
}

function reasonOf(error: Error & { code?: unknown; killed?: boolean }, stderr: string, timeoutMs: number): string {
  if (error.code === 'ENOENT') return 'git is not installed (or not on PATH); it is needed to fetch actions';
  if (error.name === 'AbortError') return 'cancelled';
  if (error.killed) return `no answer within ${timeoutMs / 1000} s`;
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('hint:'));
  return (lines.find((l) => /^(fatal|error):/.test(l)) ?? lines.at(-1) ?? error.message).replace(/^(fatal|error):\s*/, '');
}
