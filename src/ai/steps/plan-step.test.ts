/**
 * The plan step over HTTP against a scripted OpenAI-compatible model, with the real runtime: plans
 * written in Task Master's tagged layout, tasks appended to a legacy file (ids continue, unknown
 * fields kept), checkPlan problems sent back to the model, clarification questions, bad inputs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestStepContext } from '../../steps/run/testing/step-context.ts';
import type { Script } from '../../../test/support/model-servers/script.ts';
import { planStep } from './plan-step.ts';
import { cleanupFixtures, modelFixture, readText, runStep, tempRepo } from './testing/ai-fixture.ts';
import { call, lastToolResult, taskOf, turns } from './testing/model-script.ts';

afterEach(cleanupFixtures);

const task = (key: string, title: string, dependsOn: string[] = []) => ({
  key, title, description: `${title}.`, details: 'In app.py.', testStrategy: 'python3 -m unittest', priority: 'high', dependsOn, subtasks: [],
});
const finish = (tasks: unknown[], clarification: string | null = null) => call('finish', { tasks, clarification });

async function plan(script: Script, inputs: Record<string, unknown>, files: Record<string, string> = { 'README.md': '# Shop\n' }) {
  const repo = tempRepo(files);
  const { server, runtime } = await modelFixture(script);
  const run = await runStep(createTestStepContext, planStep(runtime), repo, { with: inputs });
  return { ...run, repo, requests: server.requests };
}

describe('autodevops/plan', () => {
  it('writes a new plan in the tagged layout, with dependencies between its tasks', async () => {
    const { result, repo, requests, ctx } = await plan(turns(
      call('read_file', { path: 'README.md' }),
      finish([task('schema', 'Add the schema'), task('api', 'Add the API', ['schema'])]),
    ), { instruction: 'Add a products API' });
    expect(result).toMatchObject({ outcome: 'success', outputs: { added: '[1,2]', clarification: '', 'tasks-file': join(repo, '.taskmaster/tasks/tasks.json') } });
    const file = JSON.parse(readText(repo, '.taskmaster/tasks/tasks.json'));
    expect(file.master.tasks).toMatchObject([
      { id: 1, title: 'Add the schema', status: 'pending', priority: 'high', testStrategy: 'python3 -m unittest' },
      { id: 2, title: 'Add the API', status: 'pending', dependencies: [1] },
    ]);
    expect(file.master.metadata.updated).toEqual(expect.any(String));
    expect(result.summary).toContain('- 2. Add the API (after 1)');
    expect(taskOf(requests[0]!)).toMatch(/Instruction:\nAdd a products API[\s\S]*Repository map:[\s\S]*README\.md/);
    expect(lastToolResult(requests[1]!)).toContain('# Shop');
    expect(ctx.text('stdout')).toContain('planned 2 task(s) in .taskmaster/tasks/tasks.json');
  });

  it('appends to an existing legacy tasks.json: ids continue, unknown fields stay, a repeated open task is not added twice', async () => {
    const legacy = { project: 'shop', tasks: [{ id: 1, title: 'Set up CI', status: 'pending', owner: { name: 'ana' } }, { id: 2, title: 'Old work', status: 'done' }] };
    const files = { 'README.md': '# Shop\n', 'plan/tasks.json': JSON.stringify(legacy) };
    const { result, repo, requests } = await plan(turns(finish([task('cache', 'Add a cache', ['1'])])), { instruction: 'Cache prices', 'tasks-file': 'plan/tasks.json' }, files);
    expect(result.outputs?.added).toBe('[3]');
    const file = JSON.parse(readText(repo, 'plan/tasks.json'));
    expect(file.master).toBeUndefined();
    expect(file.project).toBe('shop');
    expect(file.tasks).toMatchObject([{ id: 1, owner: { name: 'ana' } }, { id: 2, status: 'done' }, { id: 3, title: 'Add a cache', dependencies: [1] }]);
    expect(taskOf(requests[0]!)).toMatch(/Existing tasks \(add only what they do not cover; depend on them by id\):\n1\. \[pending\] Set up CI\n2\. \[done\] Old work$/);

    const again = await runStep(createTestStepContext, planStep((await modelFixture(turns(finish([task('ci', 'set up  CI')])))).runtime), repo, { with: { instruction: 'CI', 'tasks-file': 'plan/tasks.json' } });
    expect(again.result).toMatchObject({ outcome: 'success', outputs: { added: '[]' } });
    expect(again.result.summary).toContain('No new tasks: the existing plan covers the instruction.');
    expect(JSON.parse(readText(repo, 'plan/tasks.json')).tasks).toHaveLength(3);
  });

  it('sends a plan with a bad dependency back to the model with the problem, and uses the corrected answer', async () => {
    const { result, repo, requests } = await plan(turns(
      finish([task('api', 'Add the API', ['ghost'])]),
      finish([task('api', 'Add the API')]),
    ), { instruction: 'Add an API', tag: 'feature' });
    expect(requests).toHaveLength(2);
    // The SDK validates the answer against the step's schema (checkPlan included) and the loop returns its message.
    expect(lastToolResult(requests[1]!)).toMatch(/^Error: .*finish[\s\S]*tasks\[0\]\.dependsOn\[0\]: \\"ghost\\" is neither a key in this plan nor an existing task id/);
    expect(result.outputs?.added).toBe('[1]');
    const file = JSON.parse(readText(repo, '.taskmaster/tasks/tasks.json'));
    expect(Object.keys(file)).toEqual(['feature']);
    expect(file.feature.tasks).toMatchObject([{ id: 1, title: 'Add the API' }]);
  });

  it('returns a clarification question and changes no file', async () => {
    const { result, repo } = await plan(turns(finish([], 'Which database should the cache use?')), { instruction: 'Make it faster' });
    expect(result).toMatchObject({ outcome: 'success', outputs: { added: '[]', clarification: 'Which database should the cache use?' } });
    expect(result.summary).toContain('needs clarification: Which database should the cache use?');
    expect(existsSync(join(repo, '.taskmaster'))).toBe(false);
  });

  it('refuses a missing instruction, naming the input, before calling the model', async () => {
    const attempt = plan(turns(finish([task('a', 'A')])), {});
    await expect(attempt).rejects.toMatchObject({ code: 'ADO_CONFIG_INVALID', message: expect.stringContaining('input `instruction` is required') });
  });

  it('fails on an empty plan without a question, on unusable output and on a spent budget', async () => {
    await expect(plan(turns(finish([])), { instruction: 'x' })).rejects.toMatchObject({ code: 'ADO_AI_OUTPUT_INVALID', message: expect.stringContaining('empty plan') });
    await expect(plan((_, i) => (i === 0 ? {} : { text: 'Here is my plan in prose.' }), { instruction: 'x' })).rejects.toMatchObject({ code: 'ADO_AI_OUTPUT_INVALID', message: expect.stringContaining('without calling a tool') });
    await expect(plan((_, i) => call('read_file', { file: `notes-${i}.md` }), { instruction: 'x' })).rejects.toMatchObject({ code: 'ADO_AI_OUTPUT_INVALID', message: expect.stringContaining('kept calling tools with invalid arguments') });
    const { result, repo } = await plan(turns(call('read_file', { path: 'README.md' })), { instruction: 'x', 'max-turns': 1 });
    expect(result).toMatchObject({ outcome: 'failure', outputs: { outcome: 'budget' }, error: expect.stringContaining('plan: the turn budget is spent (1 of 1 turns)') });
    expect(result.summary).toContain('### Budget spent');
    expect(existsSync(join(repo, '.taskmaster'))).toBe(false);
  });
});
