import { describe, expect, it } from 'vitest';
import { isOpen, SubtaskSchema, TaskSchema } from './task-schema.ts';

describe('TaskSchema', () => {
  it('accepts a task as Task Master writes it and keeps fields it does not know', () => {
    const task = {
      id: 1, title: 'Set up repo', description: 'd', status: 'pending', dependencies: [], priority: 'high',
      details: 'x', testStrategy: 'y', complexity: 7, metadata: { githubIssue: 42 },
      subtasks: [{ id: 1, title: 's', status: 'done', dependencies: ['2.1', 3], parentTaskId: 1 }],
    };
    const parsed = TaskSchema.parse(task);
    expect(parsed).toEqual(task);
    expect(parsed.metadata).toEqual({ githubIssue: 42 });
  });

  it('accepts the digit-string ids and newer statuses and priorities of Task Master\'s core', () => {
    expect(TaskSchema.safeParse({ id: '12', title: 't', status: 'blocked', priority: 'critical', dependencies: ['3', '4.1'] }).success).toBe(true);
  });

  it('refuses unknown statuses, bad ids and malformed dependencies with readable messages', () => {
    const status = TaskSchema.safeParse({ id: 1, title: 't', status: 'todo' });
    expect(status.error?.issues[0]?.path).toEqual(['status']);
    const id = TaskSchema.safeParse({ id: 'abc', title: 't', status: 'done' });
    expect(id.error?.issues[0]?.message).toContain('positive integer id');
    const dep = SubtaskSchema.safeParse({ id: 1, title: 't', status: 'done', dependencies: ['3.x'] });
    expect(dep.error?.issues[0]?.message).toContain('"3.2"');
    expect(TaskSchema.safeParse({ id: 0, title: 't', status: 'done' }).success).toBe(false);
    expect(TaskSchema.safeParse({ id: 1, status: 'done' }).success).toBe(false);
  });
});

describe('isOpen', () => {
  it('is false only for done and cancelled work', () => {
    expect(['pending', 'in-progress', 'review', 'deferred', 'blocked'].every((status) => isOpen({ status: status as never }))).toBe(true);
    expect(isOpen({ status: 'done' }) || isOpen({ status: 'cancelled' })).toBe(false);
  });
});
