/**
 * Runs the real `git` program for forge work (execFile, never a shell), with an environment that
 * points it at the repository we name and never lets it prompt for anything.
 */
import { execFile } from 'node:child_process';
import { AutodevopsError } from '../../core/errors.ts';

/** What one git command printed and how it exited. */
export interface GitOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Variables that would point git at another repository than the one we name (e.g. inside a git hook). */
const redirecting = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR', 'GIT_PREFIX', 'GIT_CONFIG_PARAMETERS'];

/**
 * The environment for a git command: no prompts (an empty `GIT_ASKPASS` also stops `core.askPass`
 * and `SSH_ASKPASS` from being asked), English messages, plus `extra`.
 */
export function gitEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '', GCM_INTERACTIVE: 'never' };
  for (const name of redirecting) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith('GIT_CONFIG_KEY_') || name.startsWith('GIT_CONFIG_VALUE_')) delete env[name];
  delete env['GIT_CONFIG_COUNT'];
  return { ...env, ...extra };
}

/** Runs git in `cwd`; resolves with its output however it exits, rejects (ADO_CONFIG_INVALID) only when git cannot start there. */
export function runGit(cwd: string, args: readonly string[], options: { env?: Record<string, string>; signal?: AbortSignal } = {}): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: gitEnvironment(options.env), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, signal: options.signal }, (error, stdout, stderr) => {
      if (error === null) resolve({ stdout, stderr, exitCode: 0 });
      else if (typeof error.code === 'number') resolve({ stdout, stderr, exitCode: error.code });
      else reject(new AutodevopsError('ADO_CONFIG_INVALID', `git ${args[0] ?? ''} could not run in ${cwd}: ${error.code ?? error.message}`, { hint: 'Check that the folder exists and that git is installed and on the PATH.' }));
    });
  });
}
