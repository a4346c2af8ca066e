/**
 * What the `autodevops/plan@v1` step asks a model to return (as structured output), and how that
 * answer becomes tasks for {@link addTasks}.
 *
 * Every field is required and optional values are `null`, because OpenAI's strict structured
 * output (the AI SDK's default there) accepts only such schemas; the other providers accept them
 * too. Length and format rules are not put in the schema for the same reason: {@link checkPlan}
 * checks them afterwards and its messages can be sent back to the model.
 */
import { z } from 'zod';
import type { NewTask, TaskRef } from './merge-plan.ts';
import { dependencyGraphOrder } from './task-graph.ts';
import type { Task } from './task-schema.ts';

/** One step of a task, small enough for one commit. */
export const PlanSubtaskOutputSchema = z.object({
  key: z.string().describe('A short name for this subtask, unique within its task, e.g. "add-migration".'),
  title: z.string().describe('What to do, in a few words.'),
  description: z.string().describe('One or two sentences on what this subtask achieves.'),
  details: z.string().describe('How to do it: files, functions, commands.'),
  dependsOn: z.array(z.string()).describe('Keys of sibling subtasks that must be finished first.'),
});

/** One task of the plan. */
export const PlanTaskOutputSchema = z.object({
  key: z.string().describe('A short name for this task, unique in the plan, e.g. "user-schema".'),
  title: z.string().describe('What to do, in a few words.'),
  description: z.string().describe('One or two sentences on what this task achieves.'),
  details: z.string().describe('How to implement it: files, functions, libraries, edge cases.'),
  testStrategy: z.string().describe('How to verify it: which tests to write or run.'),
  priority: z.enum(['high', 'medium', 'low']).describe('How important the task is.'),
  dependsOn: z.array(z.string()).describe('Keys of tasks in this plan, or ids of existing tasks ("3", or "3.2" for a subtask), that must be finished first.'),
  subtasks: z.array(PlanSubtaskOutputSchema).describe('Smaller steps of this task; an empty list when it is small already.'),
});

/** The whole answer: a plan, or a question when the instruction cannot be planned as it stands. */
export const PlanOutputSchema = z.object({
  tasks: z.array(PlanTaskOutputSchema).describe('The tasks to add, in a sensible order; only work not already covered by existing tasks.'),
  clarification: z.string().nullable().describe('A question for the person when the instruction is too ambiguous to plan; otherwise null.'),
});

/** A model's plan answer. */
export type PlanOutput = z.infer<typeof PlanOutputSchema>;
/** One task of a model's plan answer. */
export type PlanTaskOutput = z.infer<typeof PlanTaskOutputSchema>;

const existingIdPattern = /^[1-9]\d*(\.[1-9]\d*)?$/;

/**
 * Problems in a plan that the schema cannot express, one line each with the field's path; empty
 * when the plan can be added. `existing` are the tasks already in the file (for `dependsOn` ids).
 */
export function checkPlan(plan: PlanOutput, existing: readonly Task[] = []): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  plan.tasks.forEach((t, i) => {
    problems.push(...checkNamed(t, `tasks[${i}]`, keys));
    keys.add(t.key);
  });
  const existingIds = new Set(existing.flatMap((t) => [String(t.id), ...(t.subtasks ?? []).map((s) => `${String(t.id)}.${String(s.id)}`)]));
  plan.tasks.forEach((t, i) => {
    problems.push(...checkDeps(t.dependsOn, `tasks[${i}]`, t.key, (d) => keys.has(d) || existingIds.has(d)));
    const siblings = new Set(t.subtasks.map((s) => s.key));
    t.subtasks.forEach((s, j) => {
      problems.push(...checkNamed(s, `tasks[${i}].subtasks[${j}]`, new Set(t.subtasks.slice(0, j).map((o) => o.key))));
      problems.push(...checkDeps(s.dependsOn, `tasks[${i}].subtasks[${j}]`, s.key, (d) => siblings.has(d)));
    });
  });
  return [...problems, ...checkCycle(plan)];
}

function checkNamed(item: { key: string; title: string }, where: string, earlierKeys: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (item.key.trim() === '') problems.push(`${where}.key: must not be empty`);
  else if (earlierKeys.has(item.key)) problems.push(`${where}.key: "${item.key}" is used by an earlier entry; keys must be unique`);
  if (item.title.trim() === '') problems.push(`${where}.title: must not be empty`);
  return problems;
}

function checkDeps(dependsOn: readonly string[], where: string, self: string, known: (d: string) => boolean): string[] {
  return dependsOn.flatMap((d, k) => {
    if (d === self) return [`${where}.dependsOn[${k}]: an entry cannot depend on itself`];
    return known(d) ? [] : [`${where}.dependsOn[${k}]: "${d}" is neither a key in this plan nor an existing task id`];
  });
}

function checkCycle(plan: PlanOutput): string[] {
  const keys = plan.tasks.map((t) => t.key);
  const deps = new Map(plan.tasks.map((t) => [t.key, t.dependsOn.filter((d) => d !== t.key)]));
  const result = dependencyGraphOrder([...new Set(keys)], (k) => deps.get(k) ?? [], () => 0);
  return result.cycle ? [`tasks: the dependsOn entries form a circle: ${result.cycle.join(' → ')}`] : [];
}

/**
 * The plan as tasks to add: a `dependsOn` entry naming a key of the plan refers to that task;
 * an entry shaped like an id ("3", "3.2") refers to an existing task. Run {@link checkPlan} first.
 */
export function planToNewTasks(plan: PlanOutput): NewTask[] {
  const keys = new Set(plan.tasks.map((t) => t.key));
  const ref = (d: string): TaskRef => (keys.has(d) || !existingIdPattern.test(d) ? d : { id: d });
  return plan.tasks.map((t) => ({
    key: t.key, title: t.title, description: t.description, details: t.details, testStrategy: t.testStrategy,
    priority: t.priority, dependsOn: t.dependsOn.map(ref),
    subtasks: t.subtasks.map((s) => ({ key: s.key, title: s.title, description: s.description, details: s.details, dependsOn: s.dependsOn })),
  }));
}
