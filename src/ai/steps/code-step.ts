/**
 * `autodevops/code@v1`: implements an instruction, or the open tasks of a Task Master plan in
 * dependency order, in an isolated git worktree on a new branch, one commit per task.
 *
 * Inputs: `instruction`, `tasks-file` (tasks to implement; default: just the instruction), `branch`
 * (default `autodevops/<slug of the instruction>`), `base` (default HEAD), `network` (commands may
 * use the network; default false), model inputs and budgets (shared by all tasks of the step).
 * Outputs: `branch`, `worktree`, `base-sha`, `commits`, `summary`, `clarification`, `outcome`.
 */
import path from 'node:path';
import { z } from 'zod';
import type { StepContext, StepExecutor, StepResult } from '../../engine/ports/step.ts';
import type { BoundTool } from '../agent/agent-loop.ts';
import { nothingSpent } from '../agent/budget.ts';
import { slugBranch, uniqueBranch } from '../git/branch-name.ts';
import { commitAll, createWorktree, type Worktree } from '../git/worktree.ts';
import { dependencyOrder, setStatus } from '../plan/merge-plan.ts';
import { isOpen, type Task } from '../plan/task-schema.ts';
import { readTasksFile, writeTasksFile } from '../plan/tasks-file.ts';
import type { AiRuntime, StepModel } from './ai-runtime.ts';
import { codeSystem } from './prompts.ts';
import { addSpent, remaining, runSession, spentText, stepLimits } from './session.ts';
import { booleanInput, textInput, repositoryInput } from './step-inputs.ts';
import { endedEarly } from './step-outcome.ts';

const name = 'autodevops/code';

const CodeAnswer = z.object({
  status: z.enum(['done', 'blocked', 'needs-clarification']).describe('done: the task is implemented; blocked: it cannot be; needs-clarification: ask the person.'),
  summary: z.string().describe('What changed and why, in a few sentences (or why it is blocked).'),
  question: z.string().nullable().describe('The question for the person when status is needs-clarification, else null.'),
});
type CodeAnswer = z.infer<typeof CodeAnswer>;

interface Work {
  session: string;
  title: string;
  task: string;
  taskId?: string;
}

/** The code step. */
export function codeStep(runtime: AiRuntime): StepExecutor {
  return { repeatSafe: true, execute: (ctx) => code(ctx, runtime) };
}

async function code(ctx: StepContext, runtime: AiRuntime): Promise<StepResult> {
  const inputs = ctx.step.with;
  const repo = repositoryInput(name, inputs, ctx.step.workingDirectory);
  // Masked from the start: a secret in the instruction must not become a branch name, a path or a commit message.
  const given = textInput(name, inputs, 'instruction');
  const instruction = given === undefined ? undefined : ctx.mask(given);
  const tasksFile = textInput(name, inputs, 'tasks-file');
  const work = await workItems(repo, instruction, tasksFile);
  const model = await runtime.model(ctx);
  // Every input is read before the branch exists: invalid input must change nothing.
  const network = booleanInput(name, inputs, 'network', false);
  const limits = stepLimits(ctx, runtime, name, inputs);
  const tree = await worktreeFor(ctx, repo, textInput(name, inputs, 'branch') ?? slugBranch(instruction ?? work[0]?.title ?? 'change'), textInput(name, inputs, 'base'));
  const outputs = (extra: Record<string, string>) => ({ branch: tree.branch, worktree: tree.dir, 'base-sha': tree.baseSha, ...extra });
  const sandbox = await runtime.sandbox(ctx, tree.dir, { network });
  const tools = runtime.tools('code', tree.dir, sandbox, ctx.signal);
  const spent = nothingSpent();
  const started = ctx.clock.now();
  const done: string[] = [];
  let commits = 0;
  for (const item of work) {
    const outcome = await implement(ctx, model, tools, item, remaining(limits, spent, ctx.clock.now() - started));
    addSpent(spent, outcome.spent);
    if (outcome.kind !== 'finished') {
      const partial = await commitAll(tree.dir, `wip: ${item.title} (partial: ${outcome.kind})`);
      return endedEarly(ctx, `task "${item.title}"`, outcome, { outputs: outputs({ commits: String(commits + (partial ? 1 : 0)), summary: done.join('\n') }), summary: partial ? `Partial work is committed on branch \`${tree.branch}\`.\n` : '' });
    }
    const answer: CodeAnswer = outcome.result;
    if (answer.status !== 'done') return stopped(ctx, answer, outputs({ commits: String(commits), summary: done.join('\n') }));
    if (await commitAll(tree.dir, `${item.title}\n\n${answer.summary}${item.taskId ? `\n\nTask ${item.taskId}` : ''}`)) commits++;
    if (item.taskId && tasksFile) await markDone(path.resolve(repo, tasksFile), item.taskId, ctx.clock.now());
    done.push(`- ${item.title}: ${answer.summary}`);
  }
  ctx.log('stdout', `${commits} commit(s) on ${tree.branch} (${spentText(spent)})\n`);
  return {
    outcome: 'success', outputs: outputs({ commits: String(commits), summary: done.join('\n'), clarification: '', outcome: 'done' }),
    summary: `### Code\n\nBranch \`${tree.branch}\`, ${commits} commit(s):\n\n${done.join('\n')}\n`,
  };
}

/** The sessions to run: the open tasks in dependency order, or the instruction alone. */
async function workItems(repo: string, instruction: string | undefined, tasksFile: string | undefined): Promise<Work[]> {
  if (tasksFile) {
    const doc = await readTasksFile(path.resolve(repo, tasksFile));
    const open = dependencyOrder(doc.tasks).filter(isOpen);
    if (open.length > 0) return open.map(taskWork);
  }
  if (!instruction) return [];
  return [{ session: 'instruction', title: instruction.split('\n')[0]!.slice(0, 72), task: `Instruction:\n${instruction}` }];
}

function taskWork(t: Task): Work {
  const subtasks = (t.subtasks ?? []).map((s) => `  ${String(t.id)}.${String(s.id)} ${s.title}${s.details ? `: ${s.details}` : ''}`).join('\n');
  const text = [`Task ${String(t.id)}: ${t.title}`, t.description, t.details && `Details: ${t.details}`, t.testStrategy && `Test strategy: ${t.testStrategy}`, subtasks && `Subtasks:\n${subtasks}`];
  return { session: `task-${String(t.id)}`, title: t.title, task: text.filter(Boolean).join('\n'), taskId: String(t.id) };
}

/** The worktree of the step's branch; the branch name is recorded so a resumed step finds the same one. */
async function worktreeFor(ctx: StepContext, repo: string, wanted: string, base: string | undefined): Promise<Worktree> {
  const branch = await ctx.durable.record('branch', () => uniqueBranch(repo, wanted));
  const dir = path.join(ctx.dataDir, 'worktrees', ctx.runId, branch.replace(/[^\w.-]+/g, '-'));
  return createWorktree(repo, { branch, dir, ...(base && { base }) });
}

function implement(ctx: StepContext, model: StepModel, tools: BoundTool[], item: Work, limits: ReturnType<typeof remaining>) {
  return runSession(ctx, model, {
    session: item.session, system: codeSystem, tools, limits, task: item.task,
    finish: { description: 'Report the result of the task.', input: CodeAnswer },
  });
}

function stopped(ctx: StepContext, answer: CodeAnswer, outputs: Record<string, string>): StepResult {
  if (answer.status === 'needs-clarification') {
    const question = answer.question ?? answer.summary;
    ctx.log('stdout', `the agent asks: ${question}\n`);
    return { outcome: 'success', outputs: { ...outputs, clarification: question, outcome: 'needs-clarification' }, summary: `### Clarification needed\n\n${question}\n` };
  }
  return { outcome: 'failure', error: `the agent could not do the task: ${answer.summary}`, outputs: { ...outputs, clarification: '', outcome: 'blocked' }, summary: `### Blocked\n\n${answer.summary}\n` };
}

async function markDone(file: string, id: string, now: number): Promise<void> {
  const doc = await readTasksFile(file);
  await writeTasksFile(setStatus(doc, id, 'done'), { now: new Date(now) });
}
