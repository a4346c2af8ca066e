/**
 * Runs the real `git` program (execFile, never a shell, so no argument is ever interpreted) and
 * turns its failures into AutodevopsErrors that carry the command and git's own message.
 */
import { execFile, type ExecFileException } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AutodevopsError } from '../../core/errors.ts';

/** What one git command printed and how it exited. */
export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Variables that would point git at another repository than the one we name (e.g. inside a git hook). */
const redirecting = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR', 'GIT_PREFIX'];

function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };
  for (const name of redirecting) delete env[name];
  return env;
}

/** Runs git in `cwd` and reports how it exited; rejects only when git cannot be started. */
export function execGit(cwd: string, args: readonly string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: gitEnv(), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) resolve({ stdout, stderr, exitCode: 0 });
      else if (typeof error.code === 'number') resolve({ stdout, stderr, exitCode: error.code });
      else reject(startError(cwd, args, error));
    });
  });
}

/** Runs git and returns its standard output. @throws AutodevopsError when git exits non-zero. */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const result = await execGit(cwd, args);
  if (result.exitCode !== 0) throw gitError(cwd, args, result);
  return result.stdout;
}

/** For commands that answer yes/no by exiting 0 or 1; any other exit is an error. */
export async function gitTest(cwd: string, args: readonly string[]): Promise<boolean> {
  const result = await execGit(cwd, args);
  if (result.exitCode > 1) throw gitError(cwd, args, result);
  return result.exitCode === 0;
}

/** The error for a git command that ran and failed. */
export function gitError(cwd: string, args: readonly string[], result: GitResult): AutodevopsError {
  const command = `git ${args.join(' ')}`;
  const stderr = result.stderr.trim();
  if (/not a git repository/i.test(stderr)) {
    return new AutodevopsError('ADO_CONFIG_INVALID', `${cwd} is not a git repository (${command}: ${stderr})`, {
      hint: `Run \`git init\` in ${cwd} and commit once, or point autodevops at the repository's folder.`,
    });
  }
  return new AutodevopsError('ADO_INTERNAL', `${command} failed in ${cwd} (exit ${result.exitCode}): ${stderr || 'no message'}`, {
    hint: 'Read git\'s message above: it usually says what to fix in the repository.',
  });
}

function startError(cwd: string, args: readonly string[], error: ExecFileException): AutodevopsError {
  if (!existsSync(cwd)) {
    return new AutodevopsError('ADO_CONFIG_INVALID', `${cwd} does not exist, so git cannot run there`, {
      cause: error, hint: 'Point autodevops at an existing git repository (create one with `git init`).',
    });
  }
  return new AutodevopsError('ADO_INTERNAL', `git ${args.join(' ')} could not run in ${cwd}: ${error.message}`, {
    cause: error, hint: 'Install git and make sure it is on the PATH of the autodevops process.',
  });
}
