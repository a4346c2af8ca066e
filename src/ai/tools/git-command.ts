/**
 * Runs `git` on the host for the read-only tools. The agent can write files that git would
 * execute (hooks, fsmonitor, diff drivers in .git/config, via a sandboxed command), so these are
 * switched off for every call, and variables that would redirect git to another repository are
 * dropped.
 */
import { execFile } from 'node:child_process';
import { ToolFailure } from './tool.ts';

const hardening = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'core.quotePath=false'];
const redirecting = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR', 'GIT_PREFIX', 'GIT_EXTERNAL_DIFF'];

/** Runs git in `cwd` and returns its stdout. @throws ToolFailure with git's message when it fails */
export async function gitOutput(cwd: string, args: readonly string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const options = { cwd, env: gitEnvironment(), encoding: 'utf8' as const, maxBuffer: 64 * 1024 * 1024, ...(signal && { signal }) };
    execFile('git', [...hardening, ...args], options, (error, stdout, stderr) => {
      if (error === null) resolve(stdout);
      else if (signal?.aborted) reject(signal.reason);
      else reject(new ToolFailure(`git ${args[0] ?? ''} failed: ${stderr.trim() || error.message}`));
    });
  });
}

/** True when `cwd` lies in a git work tree. */
export async function isGitWorkTree(cwd: string, signal?: AbortSignal): Promise<boolean> {
  try {
    return (await gitOutput(cwd, ['rev-parse', '--is-inside-work-tree'], signal)).trim() === 'true';
  } catch (error) {
    if (signal?.aborted) throw error;
    return false;
  }
}

function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
  for (const name of redirecting) delete env[name];
  return env;
}
