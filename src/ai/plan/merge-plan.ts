/**
 * Changes to a Task Master plan that keep what is there: new tasks are appended after the highest
 * id (never regenerated), status changes touch one task, and ordering follows dependencies. Every
 * function returns a new document; the one passed in is not modified.
 */
import { AutodevopsError } from '../../core/errors.ts';
import { dependencyGraphOrder } from './task-graph.ts';
import { isOpen, taskPriorities, TaskStatusSchema, taskStatuses, type Dependency, type Subtask, type Task, type TaskId, type TaskPriority, type TaskStatus } from './task-schema.ts';
import type { TasksDocument } from './tasks-file.ts';

/**
 * How a new task names another: a string is the `key` of another new task, `{ index }` its
 * position in the new list, `{ id }` an existing task (`3`) or subtask (`"3.2"`).
 */
export type TaskRef = string | { index: number } | { id: TaskId | string };

/** A subtask to create; `dependsOn` names sibling subtasks by key or position. */
export interface NewSubtask {
  key?: string;
  title: string;
  description?: string;
  details?: string;
  testStrategy?: string;
  dependsOn?: (string | { index: number })[];
}

/** A task to add to a plan; it gets the next free id and status `pending`. */
export interface NewTask {
  /** A name other new tasks use to depend on this one. */
  key?: string;
  title: string;
  description?: string;
  details?: string;
  testStrategy?: string;
  /** Default `medium`, as in Task Master. */
  priority?: TaskPriority;
  dependsOn?: TaskRef[];
  subtasks?: NewSubtask[];
}

/** What {@link addTasks} did. */
export interface AddTasksResult {
  doc: TasksDocument;
  /** The tasks appended, in the order given. */
  added: Task[];
  /** New tasks not added because an open task has the same title; references to them lead to `id`. */
  duplicates: { index: number; id: TaskId }[];
}

/**
 * Appends new tasks to the plan: ids continue after the highest existing id, references are turned
 * into ids, and a task whose title matches an open task (ignoring case and spacing) is not added twice.
 * @example addTasks(doc, [{ key: 'db', title: 'Add schema' }, { title: 'Add API', dependsOn: ['db', { id: 2 }] }])
 * @throws AutodevopsError ADO_CONFIG_INVALID for an unknown reference or a dependency cycle.
 */
export function addTasks(doc: TasksDocument, newTasks: readonly NewTask[]): AddTasksResult {
  const fail = (where: string, what: string): never => {
    throw new AutodevopsError('ADO_CONFIG_INVALID', `Cannot add tasks to ${doc.path}: newTasks${where}: ${what}`, {
      hint: 'Reference other new tasks by their key or index, and existing tasks by an id that is in the file.',
    });
  };
  const keys = keyIndex(newTasks, (where) => fail(where, 'this key is used twice'));
  const ids = assignIds(doc.tasks, newTasks);
  const resolve = (ref: TaskRef, where: string): Dependency => resolveRef(doc.tasks, ref, keys, ids, (what) => fail(where, what));
  const added = newTasks.flatMap((t, i) => (ids[i]!.duplicate ? [] : [buildTask(t, i, ids[i]!.id, resolve, fail)]));
  const duplicates = ids.flatMap((r, index) => (r.duplicate ? [{ index, id: r.id }] : []));
  const next = { ...doc, tasks: [...doc.tasks, ...added] };
  dependencyOrder(next.tasks, doc.path);
  return { doc: next, added, duplicates };
}

/** Position of each key, refusing a key used twice. */
function keyIndex(items: readonly { key?: string }[], duplicate: (where: string) => never): Map<string, number> {
  const keys = new Map<string, number>();
  items.forEach((item, i) => {
    if (item.key === undefined) return;
    if (keys.has(item.key)) duplicate(`[${i}].key`);
    keys.set(item.key, i);
  });
  return keys;
}

/** The id each new task ends up with: the next free one, or the id of the open task it repeats. */
function assignIds(existing: readonly Task[], newTasks: readonly NewTask[]): { id: TaskId; duplicate: boolean }[] {
  const asString = existing.some((t) => typeof t.id === 'string');
  let last = Math.max(0, ...existing.map((t) => Number(t.id)));
  const byTitle = new Map(existing.filter(isOpen).map((t) => [titleKey(t.title), t.id]));
  return newTasks.map((t) => {
    const same = byTitle.get(titleKey(t.title));
    if (same !== undefined) return { id: same, duplicate: true };
    last += 1;
    const id = asString ? String(last) : last;
    byTitle.set(titleKey(t.title), id);
    return { id, duplicate: false };
  });
}

/** Titles compare equal regardless of case, Unicode form and runs of white space. */
function titleKey(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function resolveRef(
  existing: readonly Task[], ref: TaskRef, keys: ReadonlyMap<string, number>,
  ids: readonly { id: TaskId }[], fail: (what: string) => never,
): Dependency {
  if (typeof ref === 'string') {
    const index = keys.get(ref);
    return index === undefined ? fail(`no new task has the key "${ref}"`) : ids[index]!.id;
  }
  if ('index' in ref) return ids[ref.index]?.id ?? fail(`there is no new task at index ${ref.index}`);
  const target = findTarget(existing, ref.id) ?? fail(`no task or subtask has the id ${String(ref.id)}`);
  // Keep the file's own spelling of a task id (number or string); a subtask id is always "3.2".
  return String(ref.id).includes('.') ? String(ref.id) : target.id;
}

function buildTask(
  t: NewTask, index: number, id: TaskId,
  resolve: (ref: TaskRef, where: string) => Dependency, fail: (where: string, what: string) => never,
): Task {
  const deps = (t.dependsOn ?? []).map((ref, d) => resolve(ref, `[${index}].dependsOn[${d}]`));
  return {
    id, title: t.title, description: t.description ?? '', details: t.details ?? '', testStrategy: t.testStrategy ?? '',
    priority: t.priority ?? 'medium',
    dependencies: unique(deps).filter((d) => String(d) !== String(id)),
    status: 'pending',
    subtasks: buildSubtasks(t.subtasks ?? [], (where, what) => fail(`[${index}].subtasks${where}`, what)),
  };
}

function buildSubtasks(subtasks: readonly NewSubtask[], fail: (where: string, what: string) => never): Subtask[] {
  const keys = keyIndex(subtasks, (where) => fail(where, 'this key is used twice'));
  const sibling = (ref: string | { index: number }, where: string): number => {
    const index = typeof ref === 'string' ? keys.get(ref) : ref.index;
    if (index === undefined || index < 0 || index >= subtasks.length) fail(where, `no sibling subtask is ${JSON.stringify(ref)}`);
    return index + 1;
  };
  return subtasks.map((s, i) => ({
    id: i + 1, title: s.title, description: s.description ?? '',
    dependencies: unique((s.dependsOn ?? []).map((ref, d) => sibling(ref, `[${i}].dependsOn[${d}]`))).filter((d) => d !== i + 1),
    details: s.details ?? '', status: 'pending', testStrategy: s.testStrategy ?? '',
  }));
}

function unique<T>(items: readonly T[]): T[] {
  return items.filter((item, i) => items.findIndex((o) => String(o) === String(item)) === i);
}

/** The task or subtask an id such as `3` or `"3.2"` names, if any. */
function findTarget(tasks: readonly Task[], id: TaskId | string): Task | Subtask | undefined {
  const [taskId, subId] = String(id).split('.');
  const task = tasks.find((t) => String(t.id) === taskId);
  if (subId === undefined) return task;
  return task?.subtasks?.find((s) => String(s.id) === subId);
}

const priorityRank = (task: Task): number => taskPriorities.indexOf(task.priority ?? 'medium');

/** Higher priority first, then lower id. */
function byPriorityThenId(a: Task, b: Task): number {
  return priorityRank(a) - priorityRank(b) || Number(a.id) - Number(b.id);
}

/**
 * Tasks in an order that puts every task after the tasks it depends on (a dependency on a subtask
 * counts as one on its parent); ties go to higher priority, then lower id. `source` names the file in errors.
 * @throws AutodevopsError ADO_CONFIG_INVALID naming the cycle when tasks depend on each other in a circle.
 */
export function dependencyOrder(tasks: readonly Task[], source = 'tasks.json'): Task[] {
  const byId = new Map(tasks.map((t) => [String(t.id), t]));
  const depsOf = (t: Task): Task[] => (t.dependencies ?? [])
    .map((d) => byId.get(String(d).split('.')[0]!))
    .filter((d): d is Task => d !== undefined && d !== t);
  const result = dependencyGraphOrder(tasks, depsOf, byPriorityThenId);
  if (result.order) return result.order;
  const cycle = result.cycle.map((t) => String(t.id)).join(' → ');
  throw new AutodevopsError('ADO_CONFIG_INVALID', `${source}: tasks depend on each other in a circle: ${cycle} (→ reads "depends on")`, {
    hint: 'Remove one of these dependencies, for example with `task-master remove-dependency --id=<id> --depends-on=<id>`.',
  });
}

/**
 * The tasks that can be worked on now: pending or in progress, with every dependency done
 * (a dependency on a missing task is never done). Higher priority first, then lower id.
 * @throws AutodevopsError ADO_CONFIG_INVALID when the dependencies form a cycle.
 */
export function nextTasks(doc: TasksDocument): Task[] {
  dependencyOrder(doc.tasks, doc.path);
  const done = (d: Dependency): boolean => findTarget(doc.tasks, d)?.status === 'done';
  return doc.tasks
    .filter((t) => (t.status === 'pending' || t.status === 'in-progress') && (t.dependencies ?? []).every(done))
    .sort(byPriorityThenId);
}

/**
 * Sets the status of task `3` or subtask `"3.2"`. Marking a task done also marks its open
 * subtasks done, as Task Master does.
 * @throws AutodevopsError ADO_NOT_FOUND for an unknown id, ADO_CONFIG_INVALID for an unknown status.
 */
export function setStatus(doc: TasksDocument, id: TaskId | string, status: TaskStatus): TasksDocument {
  if (!TaskStatusSchema.safeParse(status).success) {
    throw new AutodevopsError('ADO_CONFIG_INVALID', `"${String(status)}" is not a task status`, { hint: `Use one of: ${taskStatuses.join(', ')}.` });
  }
  if (findTarget(doc.tasks, id) === undefined) {
    throw new AutodevopsError('ADO_NOT_FOUND', `${doc.path}: no task or subtask has the id ${String(id)} in tag "${doc.tag}"`, {
      hint: 'Task ids look like 3, subtask ids like 3.2; list them with `task-master list --with-subtasks`.',
    });
  }
  const [taskId, subId] = String(id).split('.');
  const tasks = doc.tasks.map((t) => {
    if (String(t.id) !== taskId) return t;
    return subId === undefined ? withTaskStatus(t, status) : { ...t, subtasks: t.subtasks!.map((s) => (String(s.id) === subId ? { ...s, status } : s)) };
  });
  return { ...doc, tasks };
}

function withTaskStatus(task: Task, status: TaskStatus): Task {
  if (status !== 'done' || task.subtasks === undefined) return { ...task, status };
  return { ...task, status, subtasks: task.subtasks.map((s) => (isOpen(s) ? { ...s, status } : s)) };
}
