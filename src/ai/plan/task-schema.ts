/**
 * The task shapes of Task Master's `tasks.json` (the `task-master-ai` tool). Known fields are
 * checked; every other field passes through untouched, because Task Master and its users add
 * fields (metadata, complexity, timestamps…) that we must write back as they were.
 *
 * Ids: legacy Task Master writes task ids as numbers, its newer core writes them as digit strings;
 * subtask ids are numbers local to their parent. Both spellings are accepted and kept.
 */
import { z } from 'zod';

/** Every status Task Master knows; `blocked` comes from its newer core. */
export const taskStatuses = ['pending', 'in-progress', 'done', 'review', 'deferred', 'cancelled', 'blocked'] as const;

/** Every priority Task Master knows, highest first; `critical` comes from its newer core. */
export const taskPriorities = ['critical', 'high', 'medium', 'low'] as const;

/** A task's status. */
export const TaskStatusSchema = z.enum(taskStatuses);

/** A task's priority. */
export const TaskPrioritySchema = z.enum(taskPriorities);

/** A task or subtask id: a positive integer, as a number or a digit string. */
export const TaskIdSchema = positiveOr(/^[1-9]\d*$/, 'expected a positive integer id, like 3 or "3"');

/** A dependency: a task id (`3`, `"3"`) or a subtask id `"3.2"`; in a subtask, a bare number is a sibling. */
export const DependencySchema = positiveOr(/^[1-9]\d*(\.[1-9]\d*)?$/, 'expected a task id like 3 or a subtask id like "3.2"');

/** A positive integer, or a string matching `pattern`; every way to fail gives `error`. */
function positiveOr(pattern: RegExp, error: string) {
  return z.union([z.number({ error }).int({ error }).positive({ error }), z.string({ error }).regex(pattern, { error })], { error });
}

const commonFields = {
  title: z.string(),
  description: z.string().optional(),
  status: TaskStatusSchema,
  dependencies: z.array(DependencySchema).optional(),
  priority: TaskPrioritySchema.optional(),
  details: z.string().optional(),
  testStrategy: z.string().optional(),
};

/** A subtask; its id is local to the parent task (subtask 2 of task 3 is `"3.2"`). */
export const SubtaskSchema = z.looseObject({ id: TaskIdSchema, ...commonFields });

/** A top-level task. */
export const TaskSchema = z.looseObject({ id: TaskIdSchema, ...commonFields, subtasks: z.array(SubtaskSchema).optional() });

/** A task's status. */
export type TaskStatus = z.infer<typeof TaskStatusSchema>;
/** A task's priority. */
export type TaskPriority = z.infer<typeof TaskPrioritySchema>;
/** A task or subtask id as written in the file. */
export type TaskId = z.infer<typeof TaskIdSchema>;
/** A dependency as written in the file. */
export type Dependency = z.infer<typeof DependencySchema>;
/** A subtask, with any unknown fields kept. */
export type Subtask = z.infer<typeof SubtaskSchema>;
/** A task, with any unknown fields kept. */
export type Task = z.infer<typeof TaskSchema>;

/** True while a task still needs work (not done, not cancelled). */
export function isOpen(task: { status: TaskStatus }): boolean {
  return task.status !== 'done' && task.status !== 'cancelled';
}
