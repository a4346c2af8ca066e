import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAutodevopsError, type AutodevopsError } from '../../core/errors.ts';
import { addTasks, dependencyOrder, nextTasks, setStatus } from './merge-plan.ts';
import type { Task } from './task-schema.ts';
import { emptyTasksDocument, readTasksFile, writeTasksFile, type TasksDocument } from './tasks-file.ts';

const task = (id: number | string, extra: Partial<Task> = {}): Task => ({ id, title: `Task ${id}`, status: 'pending', dependencies: [], ...extra });
const docOf = (tasks: Task[]): TasksDocument => ({ ...emptyTasksDocument('/p/tasks.json', { now: new Date(0) }), tasks });
const ids = (tasks: readonly Task[]) => tasks.map((t) => t.id);

function failure(run: () => unknown): AutodevopsError {
  try {
    run();
  } catch (e) {
    if (isAutodevopsError(e)) return e;
    throw e;
  }
  throw new Error('expected an AutodevopsError');
}

describe('addTasks', () => {
  const existing = [task(1, { status: 'done' }), task(4, { title: 'Write  the API ', subtasks: [{ id: 1, title: 's', status: 'pending' }] }), task(2)];

  it('continues after the highest id and turns keys, indexes and existing ids into dependencies', () => {
    const doc = docOf(existing);
    const { doc: next, added, duplicates } = addTasks(doc, [
      { key: 'schema', title: 'Add schema', priority: 'high' },
      { title: 'Add routes', dependsOn: ['schema', { index: 0 }, { id: '2' }, { id: '4.1' }, { id: 1 }] },
    ]);
    expect(duplicates).toEqual([]);
    expect(added).toEqual([
      { id: 5, title: 'Add schema', description: '', details: '', testStrategy: '', priority: 'high', dependencies: [], status: 'pending', subtasks: [] },
      { id: 6, title: 'Add routes', description: '', details: '', testStrategy: '', priority: 'medium', dependencies: [5, 2, '4.1', 1], status: 'pending', subtasks: [] },
    ]);
    expect(ids(next.tasks)).toEqual([1, 4, 2, 5, 6]);
    expect(doc.tasks).toHaveLength(3);
  });

  it('writes new ids as strings when the file does', () => {
    const { added } = addTasks(docOf([task('7')]), [{ key: 'a', title: 'A', dependsOn: [{ id: 7 }] }, { title: 'B', dependsOn: ['a'] }]);
    expect(added.map((t) => [t.id, t.dependencies])).toEqual([['8', ['7']], ['9', ['8']]]);
  });

  it('starts at 1 in an empty plan and builds subtasks with sibling dependencies', () => {
    const { added } = addTasks(docOf([]), [{
      title: 'Auth', details: 'd', testStrategy: 't', description: 'x',
      subtasks: [{ key: 'model', title: 'Model' }, { title: 'Login', dependsOn: ['model', { index: 0 }, { index: 1 }], details: 'dd', testStrategy: 'tt', description: 'y' }],
    }]);
    expect(added[0]!.id).toBe(1);
    expect(added[0]!.subtasks).toEqual([
      { id: 1, title: 'Model', description: '', dependencies: [], details: '', status: 'pending', testStrategy: '' },
      { id: 2, title: 'Login', description: 'y', dependencies: [1], details: 'dd', status: 'pending', testStrategy: 'tt' },
    ]);
  });

  it('does not add a task twice when an open task has the same title, ignoring case and spacing', () => {
    const { added, duplicates } = addTasks(docOf(existing), [
      { key: 'api', title: 'write the API' },
      { title: 'Task 1' },
      { title: 'Docs', dependsOn: ['api'] },
      { title: 'DOCS ' },
    ]);
    expect(duplicates).toEqual([{ index: 0, id: 4 }, { index: 3, id: 6 }]);
    expect(added.map((t) => [t.id, t.title, t.dependencies])).toEqual([[5, 'Task 1', []], [6, 'Docs', [4]]]);
  });

  it('drops a dependency on itself that a duplicate title would create', () => {
    const { added } = addTasks(docOf([]), [{ key: 'a', title: 'Same' }, { key: 'b', title: 'same', dependsOn: [] }, { title: 'Other', dependsOn: ['a', 'b'] }]);
    expect(added.map((t) => t.dependencies)).toEqual([[], [1]]);
    const self = addTasks(docOf([]), [{ key: 'a', title: 'Same', dependsOn: ['b'] }, { key: 'b', title: 'same' }]);
    expect(self.added[0]!.dependencies).toEqual([]);
  });

  it('refuses references that lead nowhere, naming the field', () => {
    const doc = docOf(existing);
    expect(failure(() => addTasks(doc, [{ title: 'x', dependsOn: ['nope'] }])).message)
      .toBe('Cannot add tasks to /p/tasks.json: newTasks[0].dependsOn[0]: no new task has the key "nope"');
    expect(failure(() => addTasks(doc, [{ title: 'x', dependsOn: [{ index: 3 }] }])).message).toContain('no new task at index 3');
    expect(failure(() => addTasks(doc, [{ title: 'x', dependsOn: [{ id: 9 }] }])).message).toContain('no task or subtask has the id 9');
    expect(failure(() => addTasks(doc, [{ title: 'x', dependsOn: [{ id: '4.7' }] }])).message).toContain('the id 4.7');
    expect(failure(() => addTasks(doc, [{ key: 'k', title: 'x' }, { key: 'k', title: 'y' }])).message).toContain('newTasks[1].key: this key is used twice');
    const sub = failure(() => addTasks(doc, [{ title: 'x', subtasks: [{ title: 's', dependsOn: ['zz'] }] }]));
    expect(sub.code).toBe('ADO_CONFIG_INVALID');
    expect(sub.message).toContain('newTasks[0].subtasks[0].dependsOn[0]: no sibling subtask is "zz"');
    expect(failure(() => addTasks(doc, [{ title: 'x', subtasks: [{ title: 's', dependsOn: [{ index: -1 }] }] }])).message).toContain('{"index":-1}');
  });

  it('refuses new tasks that depend on each other in a circle', () => {
    const e = failure(() => addTasks(docOf(existing), [{ key: 'a', title: 'A', dependsOn: ['b'] }, { key: 'b', title: 'B', dependsOn: ['a'] }]));
    expect(e.code).toBe('ADO_CONFIG_INVALID');
    expect(e.message).toContain('/p/tasks.json: tasks depend on each other in a circle: 5 → 6 → 5');
  });

  it('writes a file that reads back as a valid plan', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ado-merge-'));
    try {
      const path = join(dir, 'tasks.json');
      const first = addTasks(await readTasksFile(path), [{ key: 'a', title: 'A', subtasks: [{ title: 's' }] }, { title: 'B', dependsOn: ['a'] }]);
      await writeTasksFile(first.doc);
      const second = addTasks(await readTasksFile(path), [{ title: 'C', dependsOn: [{ id: '1.1' }] }, { title: 'b' }]);
      await writeTasksFile(second.doc);
      const reread = await readTasksFile(path);
      expect(reread.tasks.map((t) => [t.id, t.title, t.dependencies])).toEqual([[1, 'A', []], [2, 'B', [1]], [3, 'C', ['1.1']]]);
      expect(JSON.parse(await readFile(path, 'utf8'))).toHaveProperty('master.metadata.description', 'Tasks for master context');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('dependencyOrder', () => {
  it('puts dependencies first and breaks ties by priority, then id', () => {
    const tasks = [
      task(1, { priority: 'low' }), task(2, { dependencies: [3] }), task(3, { priority: 'high' }),
      task(4, { priority: 'critical', dependencies: ['5.1'] }), task(5, { priority: 'low', dependencies: ['5.2'] }), task(6),
    ];
    expect(ids(dependencyOrder(tasks))).toEqual([3, 2, 6, 1, 5, 4]);
  });

  it('ignores dependencies on tasks that are not in the list', () => {
    expect(ids(dependencyOrder([task(2, { dependencies: [9] }), task(1)]))).toEqual([1, 2]);
  });

  it('names the cycle and the file when tasks depend on each other', () => {
    const e = failure(() => dependencyOrder([task(1), task(2, { dependencies: ['3'] }), task('3', { dependencies: [4] }), task(4, { dependencies: ['2.1'] })], 'plan.json'));
    expect(e.code).toBe('ADO_CONFIG_INVALID');
    expect(e.message).toBe('plan.json: tasks depend on each other in a circle: 2 → 3 → 4 → 2 (→ reads "depends on")');
  });

  it('ignores a task\'s dependency on itself or on its own subtask', () => {
    expect(ids(dependencyOrder([task(3, { dependencies: [3, 2] }), task(2, { dependencies: ['2.1', 1] }), task(1, { dependencies: [1] })]))).toEqual([1, 2, 3]);
  });
});

describe('nextTasks', () => {
  it('lists open tasks whose dependencies are all done, most important first', () => {
    const doc = docOf([
      task(1, { status: 'done', subtasks: [{ id: 1, title: 's', status: 'done' }, { id: 2, title: 't', status: 'pending' }] }),
      task(2, { dependencies: [1] }),
      task(3, { dependencies: ['1.1'], priority: 'high', status: 'in-progress' }),
      task(4, { dependencies: ['1.2'] }),
      task(5, { dependencies: [2] }),
      task(6, { dependencies: [42] }),
      task(7, { status: 'deferred' }),
      task(8),
    ]);
    expect(ids(nextTasks(doc))).toEqual([3, 2, 8]);
  });

  it('refuses a plan with a cycle', () => {
    expect(failure(() => nextTasks(docOf([task(1, { dependencies: [2] }), task(2, { dependencies: [1] })]))).message).toContain('1 → 2 → 1');
  });
});

describe('setStatus', () => {
  const doc = docOf([task(1), task(3, { subtasks: [{ id: 1, title: 'a', status: 'pending' }, { id: 2, title: 'b', status: 'cancelled' }, { id: 3, title: 'c', status: 'review' }] })]);

  it('sets a subtask\'s status by "3.2" and a task\'s by its id, leaving the input alone', () => {
    const sub = setStatus(doc, '3.1', 'in-progress');
    expect(sub.tasks[1]!.subtasks!.map((s) => s.status)).toEqual(['in-progress', 'cancelled', 'review']);
    const top = setStatus(doc, 1, 'review');
    expect(top.tasks.map((t) => t.status)).toEqual(['review', 'pending']);
    expect(doc.tasks[0]!.status).toBe('pending');
  });

  it('marks the open subtasks of a task done with it', () => {
    const done = setStatus(doc, '3', 'done');
    expect(done.tasks[1]!.status).toBe('done');
    expect(done.tasks[1]!.subtasks!.map((s) => s.status)).toEqual(['done', 'cancelled', 'done']);
    expect(setStatus(doc, 1, 'done').tasks[0]).toEqual({ ...task(1), status: 'done' });
    expect(setStatus(doc, 3, 'deferred').tasks[1]!.subtasks!.map((s) => s.status)).toEqual(['pending', 'cancelled', 'review']);
  });

  it('refuses unknown ids and statuses', () => {
    const missing = failure(() => setStatus(doc, '3.9', 'done'));
    expect(missing.code).toBe('ADO_NOT_FOUND');
    expect(missing.message).toBe('/p/tasks.json: no task or subtask has the id 3.9 in tag "master"');
    expect(failure(() => setStatus(doc, 2, 'done')).code).toBe('ADO_NOT_FOUND');
    expect(failure(() => setStatus(doc, 'x', 'done')).code).toBe('ADO_NOT_FOUND');
    expect(failure(() => setStatus(doc, 1, 'started' as never)).code).toBe('ADO_CONFIG_INVALID');
  });
});
