import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addTasks } from './merge-plan.ts';
import { checkPlan, planToNewTasks, PlanOutputSchema, type PlanOutput, type PlanTaskOutput } from './plan-output.ts';
import { emptyTasksDocument } from './tasks-file.ts';

const planTask = (key: string, extra: Partial<PlanTaskOutput> = {}): PlanTaskOutput => ({
  key, title: `Do ${key}`, description: 'd', details: 'x', testStrategy: 't', priority: 'medium', dependsOn: [], subtasks: [], ...extra,
});
const plan = (...tasks: PlanTaskOutput[]): PlanOutput => ({ tasks, clarification: null });

/** Every object in a JSON schema, however deep. */
function objects(node: unknown): Record<string, unknown>[] {
  if (typeof node !== 'object' || node === null) return [];
  const own = (node as { type?: unknown }).type === 'object' ? [node as Record<string, unknown>] : [];
  return [...own, ...Object.values(node).flatMap(objects)];
}

describe('PlanOutputSchema', () => {
  it('is a schema OpenAI\'s strict structured output accepts: every property required, no extra ones', () => {
    const found = objects(z.toJSONSchema(PlanOutputSchema));
    expect(found).toHaveLength(3);
    for (const o of found) {
      expect(o.additionalProperties).toBe(false);
      expect(o.required).toEqual(Object.keys(o.properties as object));
    }
  });

  it('parses a model answer and refuses one with a wrong priority', () => {
    const answer = plan(planTask('a', { subtasks: [{ key: 's', title: 'S', description: '', details: '', dependsOn: [] }] }));
    expect(PlanOutputSchema.parse(answer)).toEqual(answer);
    expect(PlanOutputSchema.safeParse({ tasks: [{ ...planTask('a'), priority: 'urgent' }], clarification: null }).success).toBe(false);
    expect(PlanOutputSchema.parse({ tasks: [], clarification: 'Which database?' }).clarification).toBe('Which database?');
  });
});

describe('checkPlan', () => {
  it('accepts a plan whose references all lead somewhere', () => {
    const existing = [{ id: 3, title: 'old', status: 'done' as const, subtasks: [{ id: 2, title: 's', status: 'done' as const }] }];
    expect(checkPlan(plan(planTask('a', { dependsOn: ['3', '3.2'] }), planTask('b', { dependsOn: ['a'] })), existing)).toEqual([]);
  });

  it('lists every problem with the path of its field', () => {
    const problems = checkPlan(plan(
      planTask('a', { dependsOn: ['a', 'zz', '7'] }),
      planTask('a', { title: ' ' }),
      planTask('', {
        subtasks: [
          { key: 's', title: 'S', description: '', details: '', dependsOn: ['s', 't', 'nope'] },
          { key: 't', title: '', description: '', details: '', dependsOn: [] },
          { key: 's', title: 'again', description: '', details: '', dependsOn: [] },
        ],
      }),
    ));
    expect(problems).toEqual([
      'tasks[1].key: "a" is used by an earlier entry; keys must be unique',
      'tasks[1].title: must not be empty',
      'tasks[2].key: must not be empty',
      'tasks[0].dependsOn[0]: an entry cannot depend on itself',
      'tasks[0].dependsOn[1]: "zz" is neither a key in this plan nor an existing task id',
      'tasks[0].dependsOn[2]: "7" is neither a key in this plan nor an existing task id',
      'tasks[2].subtasks[0].dependsOn[0]: an entry cannot depend on itself',
      'tasks[2].subtasks[0].dependsOn[2]: "nope" is neither a key in this plan nor an existing task id',
      'tasks[2].subtasks[1].title: must not be empty',
      'tasks[2].subtasks[2].key: "s" is used by an earlier entry; keys must be unique',
    ]);
  });

  it('names a circle of dependsOn keys', () => {
    expect(checkPlan(plan(planTask('a', { dependsOn: ['c'] }), planTask('b', { dependsOn: ['a'] }), planTask('c', { dependsOn: ['b'] }))))
      .toEqual(['tasks: the dependsOn entries form a circle: a → c → b → a']);
  });
});

describe('planToNewTasks', () => {
  it('turns plan keys into references and id-shaped entries into existing ids, ready for addTasks', () => {
    const doc = { ...emptyTasksDocument('/p/tasks.json'), tasks: [{ id: 1, title: 'Old', status: 'done' as const }] };
    const answer = plan(
      planTask('12', { priority: 'high' }),
      planTask('api', { dependsOn: ['12', '1'], subtasks: [{ key: 'r', title: 'Route', description: 'rd', details: 'rx', dependsOn: [] }, { key: 'h', title: 'Handler', description: '', details: '', dependsOn: ['r'] }] }),
    );
    const newTasks = planToNewTasks(answer);
    expect(newTasks[1]!.dependsOn).toEqual(['12', { id: '1' }]);
    const { added } = addTasks(doc, newTasks);
    expect(added.map((t) => [t.id, t.title, t.priority, t.dependencies])).toEqual([[2, 'Do 12', 'high', []], [3, 'Do api', 'medium', [2, 1]]]);
    expect(added[1]!.subtasks!.map((s) => [s.id, s.title, s.dependencies])).toEqual([[1, 'Route', []], [2, 'Handler', [1]]]);
  });
});
