/**
 * `autodevops/fix@v1`: runs a command (usually the tests); while it fails, the agent diagnoses the
 * failure from its output, patches the code and commits, up to `max-attempts` times.
 *
 * Inputs: `command` (required), `max-attempts` (default 3), `command-timeout-minutes` (default 10),
 * `network` (default false), `repository`, model inputs and budgets (shared by all attempts). The
 * command runs in the sandbox: it runs code the agent wrote. Outputs: `passed` (true/false), `attempts`, `diagnosis`,
 * `evidence` (the tail of the last failing output).
 */
import { z } from 'zod';
import type { StepContext, StepExecutor, StepResult } from '../../engine/ports/step.ts';
import { nothingSpent } from '../agent/budget.ts';
import { commitAll } from '../git/worktree.ts';
import type { CommandResult } from '../sandbox/index.ts';
import type { AiRuntime } from './ai-runtime.ts';
import { fixSystem } from './prompts.ts';
import { runSandboxed } from './sandboxed-command.ts';
import { addSpent, remaining, runSession, spentText, stepLimits } from './session.ts';
import { booleanInput, numberInput, textInput, repositoryInput } from './step-inputs.ts';
import { endedEarly } from './step-outcome.ts';

const name = 'autodevops/fix';
const FixAnswer = z.object({ diagnosis: z.string().describe('The cause of the failure and what you changed.') });

/** The last part of a command's output, which is where test runners say what failed. */
export function evidenceOf(result: CommandResult, maxChars = 6000): string {
  const text = `${result.stdout}${result.stderr ? `\n${result.stderr}` : ''}`.trim();
  const head = result.timedOut ? '[the command timed out]\n' : `[exit code ${String(result.exitCode)}]\n`;
  return head + (text.length > maxChars ? `…${text.slice(-maxChars)}` : text);
}

/** The fix step. */
export function fixStep(runtime: AiRuntime): StepExecutor {
  return { repeatSafe: true, execute: (ctx) => fix(ctx, runtime) };
}

async function fix(ctx: StepContext, runtime: AiRuntime): Promise<StepResult> {
  const inputs = ctx.step.with;
  const command = textInput(name, inputs, 'command', { required: true })!;
  const maxAttempts = Math.floor(Number(textInput(name, inputs, 'max-attempts') ?? 3));
  const repo = repositoryInput(name, inputs, ctx.step.workingDirectory);
  const model = await runtime.model(ctx);
  const sandbox = await runtime.sandbox(ctx, repo, { network: booleanInput(name, inputs, 'network', false) });
  const tools = runtime.tools('code', repo, sandbox, ctx.signal);
  const limits = stepLimits(ctx, runtime, name, inputs);
  const timeoutMs = (numberInput(name, inputs, 'command-timeout-minutes') ?? 10) * 60_000;
  const spent = nothingSpent();
  const diagnoses: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const result = await runSandboxed(ctx, sandbox, command, `command-${attempt}`, { timeoutMs, signal: ctx.signal });
    const evidence = ctx.mask(evidenceOf(result));
    ctx.log('stdout', `$ ${command}\n${evidence}\n`);
    const outputs = { attempts: String(attempt - 1), diagnosis: diagnoses.join('\n'), evidence };
    if (result.exitCode === 0 && !result.timedOut) return passed(outputs, attempt - 1, spent);
    if (attempt > maxAttempts) return failedEvidence(command, outputs, maxAttempts);
    const outcome = await runSession(ctx, model, {
      session: `fix-${attempt}`, system: fixSystem, tools, limits: remaining(limits, spent, 0),
      task: `The command \`${command}\` failed (attempt ${attempt} of ${maxAttempts}). Its output:\n\n${evidence}`,
      finish: { description: 'Report your diagnosis once the command passes or you cannot fix it.', input: FixAnswer },
    });
    addSpent(spent, outcome.spent);
    if (outcome.kind !== 'finished') {
      const partial = await commitAll(repo, `wip: fix attempt ${attempt} (partial: ${outcome.kind})`);
      return endedEarly(ctx, 'fix', outcome, { outputs: { ...outputs, passed: 'false' }, summary: partial ? 'The partial fix is committed as `wip:`.\n' : '' });
    }
    diagnoses.push(`${attempt}. ${outcome.result.diagnosis}`);
    await commitAll(repo, `fix: ${firstLine(outcome.result.diagnosis)}\n\n${outcome.result.diagnosis}`);
  }
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 72);
}

function passed(outputs: Record<string, string>, fixes: number, spent: ReturnType<typeof nothingSpent>): StepResult {
  const how = fixes === 0 ? 'The command passes; nothing to fix.' : `The command passes after ${fixes} fix(es) (${spentText(spent)}):\n\n${outputs.diagnosis}`;
  return { outcome: 'success', outputs: { ...outputs, passed: 'true' }, summary: `### Fix\n\n${how}\n` };
}

function failedEvidence(command: string, outputs: Record<string, string>, maxAttempts: number): StepResult {
  return {
    outcome: 'failure', error: `\`${command}\` still fails after ${maxAttempts} fix attempt(s)`, outputs: { ...outputs, passed: 'false' },
    summary: `### Fix\n\n\`${command}\` still fails after ${maxAttempts} attempt(s).\n\n${outputs.diagnosis}\n\n\`\`\`\n${outputs.evidence}\n\`\`\`\n`,
  };
}
