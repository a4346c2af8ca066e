/**
 * The 'none' Sandbox: a plain child process with the same environment, working directory, time
 * and output limits and tree kill as under bubblewrap, but no isolation of the file system or the
 * network. Only ever used when the operator allowed it explicitly.
 */
import { tmpdir } from 'node:os';
import { runBounded } from './bounded-process.ts';
import { defaultEnvironment, type CommandResult, type RunOptions, type Sandbox, type SandboxPolicy } from './sandbox.ts';
import { workingDirectory } from './working-directory.ts';

/** A sandbox that isolates nothing (policy.workspace must be real). */
export function unsandboxed(policy: SandboxPolicy, fallbackReason?: string): Sandbox {
  const env = { ...defaultEnvironment(tmpdir()), ...policy.env };
  return {
    kind: 'none',
    ...(fallbackReason !== undefined && { fallbackReason }),
    async run(command: string, options: RunOptions = {}): Promise<CommandResult> {
      const cwd = await workingDirectory(policy.workspace, options.cwd);
      return runBounded({
        file: 'bash',
        args: ['-c', command],
        env,
        cwd,
        timeoutMs: options.timeoutMs ?? policy.timeoutMs,
        maxOutputBytes: policy.maxOutputBytes,
        ...(options.signal && { signal: options.signal }),
        ...(options.stdin !== undefined && { stdin: options.stdin }),
      });
    },
  };
}
