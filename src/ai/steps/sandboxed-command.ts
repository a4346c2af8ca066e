/**
 * A command a step runs itself in the sandbox (the tests of the fix step), announced like the
 * agent's tool calls so traces show it as a span under the step, with its masked output.
 */
import type { StepContext } from '../../engine/ports/step.ts';
import type { CommandResult, RunOptions, Sandbox } from '../sandbox/index.ts';

/** Runs `command` in `sandbox` and announces it as a `sandbox.run` tool call. */
export async function runSandboxed(ctx: StepContext, sandbox: Sandbox, command: string, callId: string, options: RunOptions = {}): Promise<CommandResult> {
  const startedAt = ctx.clock.now();
  const result = await sandbox.run(command, options);
  const failed = result.timedOut || result.exitCode !== 0;
  ctx.announce({
    kind: 'tool-call',
    call: {
      runId: ctx.runId, stepKey: ctx.stepKey, attempt: ctx.attempt, callId, startedAt, completedAt: ctx.clock.now(),
      name: 'sandbox.run', description: `a command in the ${sandbox.kind} sandbox`, input: ctx.mask(JSON.stringify({ command })),
      output: ctx.mask(JSON.stringify({ exitCode: result.exitCode, timedOut: result.timedOut, stdout: result.stdout.slice(-4000), stderr: result.stderr.slice(-4000) })),
      ...(failed && { error: result.timedOut ? 'timed out' : `exit code ${String(result.exitCode)}` }),
    },
  });
  return result;
}
