/**
 * Real `git` for registering workflows: never prompts (a URL that needs credentials fails instead
 * of hanging), bounded in time, and its failure is an AutodevopsError naming the command.
 */
import { execFile } from 'node:child_process';
import { AutodevopsError } from '../../core/errors.ts';

/** How long one git command may take (a first clone of a large repository is the slow case). */
const timeoutMs = 300_000;

/** Runs git; resolves with its trimmed stdout, rejects with ADO_REQUEST_INVALID carrying git's message. */
export function git(args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'echo', GCM_INTERACTIVE: 'never', LC_ALL: 'C' };
    execFile('git', args, { cwd, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout.trim());
      const why = stderr.trim().split('\n').filter((l) => l !== '').at(-1) ?? error.message;
      reject(new AutodevopsError('ADO_REQUEST_INVALID', `git ${args[0]} failed: ${why}`, {
        cause: error, hint: 'Check the URL and ref (the server must reach the repository without prompting for credentials).',
      }));
    });
  });
}
