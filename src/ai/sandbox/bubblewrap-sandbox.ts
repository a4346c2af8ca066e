/** The bubblewrap implementation of the Sandbox. */
import { runBounded } from './bounded-process.ts';
import { bwrapBaseArguments, encodeArguments } from './bwrap-arguments.ts';
import type { CommandResult, RunOptions, Sandbox, SandboxPolicy } from './sandbox.ts';
import { workingDirectory } from './working-directory.ts';

/** A sandbox that runs each command in a fresh bubblewrap container (policy.workspace must be real). */
export function bubblewrapSandbox(policy: SandboxPolicy, bwrapPath: string): Sandbox {
  const base = bwrapBaseArguments(policy);
  return {
    kind: 'bubblewrap',
    async run(command: string, options: RunOptions = {}): Promise<CommandResult> {
      const cwd = await workingDirectory(policy.workspace, options.cwd);
      return runBounded({
        file: bwrapPath,
        args: ['--args', '3', '--', 'bash', '-c', command],
        fd3: encodeArguments([...base, '--chdir', cwd]),
        // bwrap itself needs nothing; the command's environment is set by --clearenv/--setenv.
        env: {},
        cwd,
        timeoutMs: options.timeoutMs ?? policy.timeoutMs,
        maxOutputBytes: policy.maxOutputBytes,
        ...(options.signal && { signal: options.signal }),
        ...(options.stdin !== undefined && { stdin: options.stdin }),
      });
    },
  };
}
