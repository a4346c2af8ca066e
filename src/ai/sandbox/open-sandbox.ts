/**
 * Chooses and checks the sandbox. bubblewrap is proven to work by running a trivial command in it
 * before anything else is trusted to it, so a missing binary or disabled user namespaces show up
 * as one clear error at start instead of as a failure of the agent's first command.
 */
import { constants } from 'node:fs';
import { access, realpath } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { AutodevopsError } from '../../core/errors.ts';
import { bubblewrapSandbox } from './bubblewrap-sandbox.ts';
import type { Sandbox, SandboxPolicy } from './sandbox.ts';
import { unsandboxed } from './unsandboxed.ts';

/** How to choose the sandbox. */
export interface OpenSandboxOptions {
  /** 'auto' tries bubblewrap and falls back to none only when `allowUnsandboxed`. */
  mode: 'auto' | 'bubblewrap' | 'none';
  /** Consent to run commands without isolation ('none', or the fallback of 'auto'). */
  allowUnsandboxed: boolean;
  /** Time limit of the health check; default 5000 ms. */
  healthTimeoutMs?: number;
  /** The bubblewrap binary: a path, or a name looked up on PATH; default `bwrap`. */
  bwrapPath?: string;
}

/** Opens a checked sandbox; throws ADO_SANDBOX_UNAVAILABLE saying what failed. */
export async function openSandbox(policy: SandboxPolicy, options: OpenSandboxOptions): Promise<Sandbox> {
  const real = { ...policy, workspace: await realWorkspace(policy.workspace) };
  if (options.mode === 'none') {
    if (options.allowUnsandboxed) return unsandboxed(real);
    throw unavailable('Sandbox mode is "none", but unsandboxed execution was not allowed: commands would run with no isolation, so this must be allowed explicitly.');
  }
  const problem = await bubblewrapProblem(real, options);
  if (typeof problem !== 'string') return problem;
  if (options.mode === 'auto' && options.allowUnsandboxed) return unsandboxed(real, problem);
  throw unavailable(problem);
}

async function realWorkspace(workspace: string): Promise<string> {
  try {
    return await realpath(workspace);
  } catch {
    throw unavailable(`The sandbox workspace ${workspace} does not exist.`);
  }
}

/** A working bubblewrap sandbox, or the reason there is none. */
async function bubblewrapProblem(policy: SandboxPolicy, options: OpenSandboxOptions): Promise<Sandbox | string> {
  const wanted = options.bwrapPath ?? 'bwrap';
  const binary = await locate(wanted);
  if (binary === undefined) {
    return wanted.includes('/')
      ? `bubblewrap binary not found (or not executable) at ${wanted}.`
      : `bubblewrap binary "${wanted}" not found on PATH (${process.env.PATH ?? ''}).`;
  }
  const sandbox = bubblewrapSandbox(policy, binary);
  const failure = await healthFailure(sandbox, options.healthTimeoutMs ?? 5000);
  return failure === undefined ? sandbox : `bubblewrap at ${binary} failed its health check: ${failure}`;
}

/** Runs `echo ok` in the sandbox; describes what went wrong, if anything. */
async function healthFailure(sandbox: Sandbox, timeoutMs: number): Promise<string | undefined> {
  try {
    const result = await sandbox.run('echo ok', { timeoutMs });
    if (result.timedOut) return `timed out after ${timeoutMs} ms.`;
    if (result.exitCode === 0 && result.stdout.trim() === 'ok') return undefined;
    const ending = result.exitCode === null ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
    return `it ${ending}; stderr: ${result.stderr.trim() || '(empty)'}; stdout: ${result.stdout.trim() || '(empty)'}`;
  } catch (error) {
    return `it could not be started: ${(error as Error).message}`;
  }
}

/** The absolute path of an executable `name` (a path, or looked up on PATH). */
async function locate(name: string): Promise<string | undefined> {
  const candidates = name.includes('/') ? [name] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here: try the next directory.
    }
  }
  return undefined;
}

function unavailable(message: string): AutodevopsError {
  return new AutodevopsError('ADO_SANDBOX_UNAVAILABLE', message);
}
