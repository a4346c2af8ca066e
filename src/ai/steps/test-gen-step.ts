/**
 * `autodevops/test-gen@v1`: writes tests for a change (the diff against `base`, or a description),
 * runs them with `command`, and commits them.
 *
 * Inputs: `command` (required: how to run the tests), `base` (default `HEAD~1`), `description`,
 * `network`, model inputs and budgets. Outputs: `files` (JSON list of test files written),
 * `passed`, `evidence`.
 */
import { z } from 'zod';
import type { StepContext, StepExecutor, StepResult } from '../../engine/ports/step.ts';
import { commitAll, diff } from '../git/worktree.ts';
import type { AiRuntime } from './ai-runtime.ts';
import { evidenceOf } from './fix-step.ts';
import { testGenSystem } from './prompts.ts';
import { runSandboxed } from './sandboxed-command.ts';
import { runSession, stepLimits } from './session.ts';
import { booleanInput, textInput, repositoryInput } from './step-inputs.ts';
import { endedEarly } from './step-outcome.ts';

const name = 'autodevops/test-gen';
const TestGenAnswer = z.object({ files: z.array(z.string()).describe('The test files written or changed.'), summary: z.string() });

/** The test-gen step. */
export function testGenStep(runtime: AiRuntime): StepExecutor {
  return { repeatSafe: true, execute: (ctx) => testGen(ctx, runtime) };
}

async function testGen(ctx: StepContext, runtime: AiRuntime): Promise<StepResult> {
  const inputs = ctx.step.with;
  const command = textInput(name, inputs, 'command', { required: true })!;
  const base = textInput(name, inputs, 'base') ?? 'HEAD~1';
  const repo = repositoryInput(name, inputs, ctx.step.workingDirectory);
  const patch = (await diff(repo, { base })).slice(0, 40_000);
  const description = textInput(name, inputs, 'description') ?? '';
  const sandbox = await runtime.sandbox(ctx, repo, { network: booleanInput(name, inputs, 'network', false) });
  const outcome = await runSession(ctx, await runtime.model(ctx), {
    session: 'test-gen', system: testGenSystem, tools: runtime.tools('code', repo, sandbox, ctx.signal), limits: stepLimits(ctx, runtime, name, inputs),
    task: `Write tests for this change. Run them with \`${command}\`.\n${description}\n\nDiff against ${base}:\n\n${patch || '(no diff)'}`,
    finish: { description: 'Report the tests written.', input: TestGenAnswer },
  });
  if (outcome.kind !== 'finished') return endedEarly(ctx, 'test-gen', outcome);
  const result = await runSandboxed(ctx, sandbox, command, 'command', { signal: ctx.signal });
  const evidence = ctx.mask(evidenceOf(result));
  ctx.log('stdout', `$ ${command}\n${evidence}\n`);
  await commitAll(repo, `test: ${outcome.result.summary.split('\n')[0]!.slice(0, 72)}\n\n${outcome.result.summary}`);
  const files = JSON.stringify(outcome.result.files);
  const ok = result.exitCode === 0 && !result.timedOut;
  return {
    outcome: ok ? 'success' : 'failure', outputs: { files, passed: String(ok), evidence },
    ...(!ok && { error: `the generated tests fail: \`${command}\` exited with ${String(result.exitCode)}` }),
    summary: `### Tests written\n\n${outcome.result.summary}\n\nFiles: ${outcome.result.files.map((f) => `\`${f}\``).join(', ')}\n`,
  };
}
