import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAutodevopsError, type AutodevopsError } from '../../core/errors.ts';
import type { Task } from './task-schema.ts';
import { emptyTasksDocument, jsonPath, readTasksFile, writeTasksFile } from './tasks-file.ts';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'ado-tasks-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const task = (id: number | string, extra: object = {}): Task => ({ id, title: `Task ${id}`, description: '', status: 'pending', dependencies: [], priority: 'medium', details: '', testStrategy: '', subtasks: [], ...extra });

const tagged = {
  master: {
    tasks: [task(1, { customField: { keep: true } }), task(2, { dependencies: [1], subtasks: [{ id: 1, title: 's', status: 'pending', dependencies: [] }] })],
    metadata: { created: '2025-01-01T00:00:00.000Z', updated: '2025-01-02T00:00:00.000Z', description: 'Tasks for master context' },
  },
  'feature-x': { tasks: [task('1')], metadata: { description: 'other tag', extra: [1, 2] } },
};

async function put(name: string, value: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
  return path;
}

async function failure(promise: Promise<unknown>): Promise<AutodevopsError> {
  const e = await promise.then(() => undefined, (err: unknown) => err);
  if (!isAutodevopsError(e)) throw new Error(`expected an AutodevopsError, got ${String(e)}`);
  return e;
}

describe('readTasksFile / writeTasksFile', () => {
  it('reads the master tag of the tagged layout and writes the file back unchanged', async () => {
    const path = await put('tasks.json', tagged);
    const before = await readFile(path, 'utf8');
    const doc = await readTasksFile(path);
    expect(doc).toMatchObject({ layout: 'tagged', tag: 'master', metadata: tagged.master.metadata });
    expect(doc.tasks.map((t) => t.id)).toEqual([1, 2]);
    await writeTasksFile(doc);
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('changes only the selected tag, keeping other tags, unknown fields and key order', async () => {
    const path = await put('tasks.json', tagged);
    const doc = await readTasksFile(path, { tag: 'feature-x' });
    expect(doc.tasks).toEqual([task('1')]);
    await writeTasksFile({ ...doc, tasks: [...doc.tasks, task('2')] });
    const after = JSON.parse(await readFile(path, 'utf8')) as typeof tagged;
    expect(Object.keys(after)).toEqual(['master', 'feature-x']);
    expect(after.master).toEqual(tagged.master);
    expect(after['feature-x']).toEqual({ tasks: [task('1'), task('2')], metadata: tagged['feature-x'].metadata });
  });

  it('adds a tag that is not in the file yet, with metadata like Task Master\'s', async () => {
    const path = await put('tasks.json', tagged);
    const doc = await readTasksFile(path, { tag: 'new' });
    expect(doc.tasks).toEqual([]);
    await writeTasksFile(doc);
    const after = JSON.parse(await readFile(path, 'utf8')) as Record<string, { metadata: { description: string } }>;
    expect(Object.keys(after)).toEqual(['master', 'feature-x', 'new']);
    expect(after.new!.metadata.description).toBe('Tasks for new context');
  });

  it('reads and writes the legacy layout in the legacy layout, with its other top-level keys', async () => {
    const legacy = { meta: { projectName: 'p' }, tasks: [task(1), task(3)] };
    const path = await put('tasks.json', legacy);
    const doc = await readTasksFile(path);
    expect(doc).toMatchObject({ layout: 'legacy', tag: 'master', metadata: undefined });
    await writeTasksFile({ ...doc, tasks: [...doc.tasks, task(4)] });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ meta: { projectName: 'p' }, tasks: [task(1), task(3), task(4)] });
  });

  it('refuses another tag than master in a legacy file', async () => {
    const path = await put('tasks.json', { tasks: [] });
    const e = await failure(readTasksFile(path, { tag: 'feature' }));
    expect(e.code).toBe('ADO_CONFIG_INVALID');
    expect(e.message).toContain('legacy layout holds only the "master" tag');
  });

  it('treats a missing file as an empty tagged document and creates it with its directories', async () => {
    const path = join(dir, '.taskmaster', 'tasks', 'tasks.json');
    const doc = await readTasksFile(path);
    expect(doc).toMatchObject({ layout: 'tagged', tag: 'master', tasks: [], file: {} });
    await writeTasksFile({ ...doc, tasks: [task(1)] });
    const text = await readFile(path, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    const written = JSON.parse(text) as { master: { tasks: unknown[]; metadata: Record<string, string> } };
    expect(written.master.tasks).toEqual([task(1)]);
    expect(Object.keys(written.master.metadata)).toEqual(['created', 'updated', 'description']);
    expect(await readdir(join(dir, '.taskmaster', 'tasks'))).toEqual(['tasks.json']);
  });

  it('sets metadata.updated only when asked to', async () => {
    const path = await put('tasks.json', tagged);
    const now = new Date('2030-05-06T07:08:09.000Z');
    await writeTasksFile(await readTasksFile(path), { now });
    const after = JSON.parse(await readFile(path, 'utf8')) as typeof tagged;
    expect(after.master.metadata).toEqual({ ...tagged.master.metadata, updated: now.toISOString() });
    const legacyPath = await put('legacy.json', { tasks: [] });
    await writeTasksFile(await readTasksFile(legacyPath), { now });
    expect(JSON.parse(await readFile(legacyPath, 'utf8'))).toEqual({ tasks: [] });
  });

  it('an empty document takes the tag and time it is given', () => {
    const doc = emptyTasksDocument('/x/tasks.json', { tag: 'dev', now: new Date(0) });
    expect(doc.metadata).toEqual({ created: '1970-01-01T00:00:00.000Z', updated: '1970-01-01T00:00:00.000Z', description: 'Tasks for dev context' });
  });
});

describe('invalid files', () => {
  it('names the file for text that is not JSON', async () => {
    const path = await put('tasks.json', '{ "master": ');
    const e = await failure(readTasksFile(path));
    expect(e.code).toBe('ADO_CONFIG_INVALID');
    expect(e.message).toMatch(new RegExp(`^${path}: not valid JSON`));
  });

  it('refuses a top level that is not an object', async () => {
    const e = await failure(readTasksFile(await put('tasks.json', [1])));
    expect(e.message).toContain('the top level must be one JSON object');
  });

  it('names the JSON path of a bad field in the tagged layout', async () => {
    const bad = { master: { tasks: [task(1), task(2), task(3, { status: 'started' })] } };
    const path = await put('tasks.json', bad);
    const e = await failure(readTasksFile(path));
    expect(e.code).toBe('ADO_CONFIG_INVALID');
    expect(e.message).toContain(`${path}: master.tasks[2].status: Invalid option`);
  });

  it('names the JSON path in the legacy layout and inside subtasks', async () => {
    const legacy = await failure(readTasksFile(await put('a.json', { tasks: [task(1), { id: 2, status: 'done' }] })));
    expect(legacy.message).toContain('tasks[1].title');
    const sub = await failure(readTasksFile(await put('b.json', { master: { tasks: [task(1, { subtasks: [{ id: 1, title: 's', status: 'done', dependencies: ['x'] }] })] } })));
    expect(sub.message).toContain('master.tasks[0].subtasks[0].dependencies[0]: expected a task id');
  });

  it('refuses a tag that is not an object, and counts problems beyond the first five', async () => {
    const notObject = await failure(readTasksFile(await put('a.json', { master: [] })));
    expect(notObject.message).toContain('master: Invalid input');
    const many = await failure(readTasksFile(await put('b.json', { tasks: Array.from({ length: 7 }, (_, i) => ({ id: i + 1 })) })));
    expect(many.message).toContain('(and 9 more)');
  });

  it('refuses duplicate task ids and duplicate subtask ids', async () => {
    const top = await failure(readTasksFile(await put('a.json', { master: { tasks: [task(1), task('1')] } })));
    expect(top.message).toContain('master.tasks[1].id: task id 1 is used twice');
    const sub = await failure(readTasksFile(await put('b.json', { tasks: [task(1), task(2, { subtasks: [{ id: 1, title: 'a', status: 'done' }, { id: 1, title: 'b', status: 'done' }] })] })));
    expect(sub.message).toContain('tasks[1].subtasks[1].id: subtask id is used twice in task 2');
  });

  it('reports a path that cannot be read or written', async () => {
    const unreadable = await failure(readTasksFile(dir));
    expect(unreadable.message).toContain('cannot be read');
    const target = join(dir, 'taken');
    await mkdir(join(target, 'inner'), { recursive: true });
    const unwritable = await failure(writeTasksFile(emptyTasksDocument(target)));
    expect(unwritable.message).toContain('cannot be written');
    expect(await readdir(dir)).toEqual(['taken']);
  });
});

describe('jsonPath', () => {
  it('writes segments the way a reader of the file expects', () => {
    expect(jsonPath(['master', 'tasks', 2, 'subtasks', 0, 'id'])).toBe('master.tasks[2].subtasks[0].id');
    expect(jsonPath(['tasks', 1])).toBe('tasks[1]');
  });
});
