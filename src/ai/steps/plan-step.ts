/**
 * `autodevops/plan@v1`: an instruction (or an issue's text) becomes tasks in Task Master's
 * tasks.json, added to an existing plan rather than regenerating it.
 *
 * Inputs: `instruction` (required), `tasks-file` (default `.taskmaster/tasks/tasks.json`), `tag`
 * (default `master`), the model inputs and budgets. Outputs: `tasks-file`, `added` (JSON list of
 * new task ids), `clarification` (a question, when the instruction cannot be planned).
 */
import path from 'node:path';
import { AutodevopsError } from '../../core/errors.ts';
import type { StepContext, StepExecutor, StepResult } from '../../engine/ports/step.ts';
import { addTasks } from '../plan/merge-plan.ts';
import { checkPlan, planToNewTasks, PlanOutputSchema } from '../plan/plan-output.ts';
import { readTasksFile, writeTasksFile } from '../plan/tasks-file.ts';
import type { AiRuntime } from './ai-runtime.ts';
import { planSystem } from './prompts.ts';
import { runSession, spentText, stepLimits } from './session.ts';
import { textInput, repositoryInput } from './step-inputs.ts';
import { endedEarly } from './step-outcome.ts';

const name = 'autodevops/plan';

/** Where Task Master keeps its plan. */
export const defaultTasksFile = '.taskmaster/tasks/tasks.json';

/** The plan step. */
export function planStep(runtime: AiRuntime): StepExecutor {
  return { repeatSafe: true, execute: (ctx) => plan(ctx, runtime) };
}

async function plan(ctx: StepContext, runtime: AiRuntime): Promise<StepResult> {
  const inputs = ctx.step.with;
  const instruction = textInput(name, inputs, 'instruction', { required: true })!;
  const workspace = repositoryInput(name, inputs, ctx.step.workingDirectory);
  const file = path.resolve(workspace, textInput(name, inputs, 'tasks-file') ?? defaultTasksFile);
  const doc = await readTasksFile(file, { tag: textInput(name, inputs, 'tag') ?? 'master' });
  const model = await runtime.model(ctx);
  const map = await runtime.repositoryMap(workspace, 1500);
  const existing = doc.tasks.length > 0 ? `\n\nExisting tasks (add only what they do not cover; depend on them by id):\n${doc.tasks.map((t) => `${String(t.id)}. [${t.status}] ${t.title}`).join('\n')}` : '';
  const outcome = await runSession(ctx, model, {
    session: 'plan', system: planSystem, tools: runtime.tools('read', workspace, undefined, ctx.signal),
    task: `Instruction:\n${instruction}\n\nRepository map:\n${map}${existing}`,
    finish: { description: 'Return the plan (or a clarification question).', input: PlanOutputSchema.superRefine((p, z) => checkPlan(p, doc.tasks).forEach((message) => z.addIssue({ code: 'custom', message }))) },
    limits: stepLimits(ctx, runtime, name, inputs),
  });
  if (outcome.kind !== 'finished') return endedEarly(ctx, 'plan', outcome);
  const { clarification, tasks } = outcome.result;
  if (clarification && tasks.length === 0) {
    return { outcome: 'success', outputs: { 'tasks-file': file, added: '[]', clarification }, summary: `### Plan\n\nThe instruction needs clarification: ${clarification}\n` };
  }
  if (tasks.length === 0) throw new AutodevopsError('ADO_AI_OUTPUT_INVALID', 'the model returned an empty plan without a clarification question');
  const { doc: updated, added } = addTasks(doc, planToNewTasks(outcome.result));
  await writeTasksFile(updated, { now: new Date(ctx.clock.now()) });
  const list = added.map((t) => `- ${String(t.id)}. ${t.title}${t.dependencies?.length ? ` (after ${t.dependencies.join(', ')})` : ''}`).join('\n');
  ctx.log('stdout', `planned ${added.length} task(s) in ${path.relative(workspace, file)} (${spentText(outcome.spent)})\n`);
  return {
    outcome: 'success', outputs: { 'tasks-file': file, added: JSON.stringify(added.map((t) => t.id)), clarification: '' },
    summary: `### Plan\n\n${list || 'No new tasks: the existing plan covers the instruction.'}\n`,
  };
}
