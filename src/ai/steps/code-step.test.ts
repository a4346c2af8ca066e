/**
 * The code step over HTTP against a scripted OpenAI-compatible model, with the real runtime, real
 * git worktrees and the bubblewrap sandbox: one commit per task in dependency order, clarification
 * and blocked answers, a spent turn budget with partial work committed, loops, and a step re-run
 * after a crash that repeats no recorded model call and finds its branch again.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestStepContext } from '../../steps/run/testing/step-context.ts';
import type { RecordedRequest, Script, ScriptedReply } from '../../../test/support/model-servers/script.ts';
import { codeStep } from './code-step.ts';
import { aiContext, cleanupFixtures, git, modelFixture, readText, runStep, tempRepo, writeFiles } from './testing/ai-fixture.ts';
import { call, lastToolResult, taskOf, toolResults, toolResultTexts, turns } from './testing/model-script.ts';

afterEach(cleanupFixtures);

const done = (summary: string) => call('finish', { status: 'done', summary, question: null });
const log = (repo: string, branch: string) => git(repo, 'log', '--format=%s', `main..${branch}`).split('\n');
const branches = (repo: string) => git(repo, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/autodevops/');

async function code(script: Script, files: Record<string, string> = { 'app.py': 'print("hi")\n' }) {
  const repo = tempRepo(files);
  const { server, runtime } = await modelFixture(script);
  return { repo, server, step: codeStep(runtime) };
}

describe('autodevops/code', () => {
  it('implements the open tasks of a plan in dependency order, one commit each, and marks them done', async () => {
    const tasks = { master: { tasks: [
      { id: 1, title: 'Add greeting', status: 'pending', dependencies: [2], details: 'Use NAME', testStrategy: 'run it', subtasks: [{ id: 1, title: 'Print it', status: 'pending', details: 'print()' }, { id: 2, title: 'Test it', status: 'pending' }] },
      { id: 2, title: 'Add name constant', status: 'pending', description: 'A constant.' },
      { id: 3, title: 'Old work', status: 'done' },
    ] } };
    const byTask = (request: RecordedRequest): ScriptedReply => {
      const first = taskOf(request).startsWith('Task 2:');
      const file = first ? { path: 'name.py', content: 'NAME = "ada"\n' } : { path: 'greet.py', content: 'from name import NAME\nprint(NAME)\n' };
      return turns(call('create_file', file), call('run_command', { command: `python3 ${first ? 'name.py' : 'greet.py'} && echo ran-ok` }), done(`added ${file.path}`))(request);
    };
    const { repo, server, step } = await code(byTask);
    writeFiles(repo, { 'plan/tasks.json': JSON.stringify(tasks) });
    const { result, ctx } = await runStep(createTestStepContext, step, repo, { with: { 'tasks-file': 'plan/tasks.json' } });
    const branch = 'autodevops/add-name-constant';
    expect(result).toMatchObject({ outcome: 'success', outputs: { branch, commits: '2', outcome: 'done', clarification: '', 'base-sha': git(repo, 'rev-parse', 'main') } });
    expect(log(repo, branch)).toEqual(['Add greeting', 'Add name constant']);
    expect(git(repo, 'log', '-1', '--format=%B', branch)).toContain('added greet.py\n\nTask 1');
    expect(git(repo, 'show', `${branch}:greet.py`)).toContain('from name import NAME');
    expect(JSON.parse(readText(repo, 'plan/tasks.json')).master.tasks.map((t: { status: string }) => t.status)).toEqual(['done', 'done', 'done']);
    expect(existsSync(join(repo, 'name.py'))).toBe(false);
    expect(readText(result.outputs!.worktree!, 'name.py')).toBe('NAME = "ada"\n');
    expect(server.requests.map(toolResults)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(taskOf(server.requests[3]!)).toBe('Task 1: Add greeting\nDetails: Use NAME\nTest strategy: run it\nSubtasks:\n  1.1 Print it: print()\n  1.2 Test it');
    expect(lastToolResult(server.requests[5]!)).toMatch(/^exit code 0;[\s\S]*ada\nran-ok/);
    expect(result.summary).toContain('- Add name constant: added name.py\n- Add greeting: added greet.py');
    expect(ctx.text('stdout')).toMatch(/2 commit\(s\) on autodevops\/add-name-constant \(6 turns, 5640 tokens, \$0\.0000\)/);
    expect(ctx.announced.filter((a) => a.kind === 'tool-call').map((a) => a.call.name)).toEqual(['create_file', 'run_command', 'finish', 'create_file', 'run_command', 'finish']);
  });

  it('stops on a clarification question (success, with the question) or a blocked task (failure)', async () => {
    const { repo, step, server } = await code((_, i) => call('finish', { status: 'needs-clarification', summary: 'Which greeting?', question: i === 0 ? 'Which greeting?' : null }));
    const asked = await runStep(createTestStepContext, step, repo, { with: { instruction: 'Greet better', branch: 'feature/greet', base: 'main', network: true } });
    expect(asked.result).toMatchObject({ outcome: 'success', outputs: { branch: 'feature/greet', commits: '0', clarification: 'Which greeting?', outcome: 'needs-clarification' } });
    expect(asked.result.summary).toBe('### Clarification needed\n\nWhich greeting?\n');
    expect(asked.ctx.text('stdout')).toContain('the agent asks: Which greeting?');
    expect(taskOf(server.requests[0]!)).toBe('Instruction:\nGreet better');
    // Without a question, the summary is the question.
    const again = await runStep(createTestStepContext, step, repo, { with: { instruction: 'Greet better' } });
    expect(again.result.outputs).toMatchObject({ clarification: 'Which greeting?', branch: 'autodevops/greet-better' });

    const blocked = await code(turns(call('finish', { status: 'blocked', summary: 'app.py is generated', question: null })));
    const refused = await runStep(createTestStepContext, blocked.step, blocked.repo, { with: { instruction: 'Edit app.py' } });
    expect(refused.result).toMatchObject({ outcome: 'failure', error: 'the agent could not do the task: app.py is generated', outputs: { outcome: 'blocked', branch: 'autodevops/edit-app-py' } });
  });

  it('ends a task whose turn budget is spent with a failure that says so, partial edits committed as wip on the branch', async () => {
    let n = 0;
    const { repo, step } = await code(() => ({ text: 'Still working.', ...call('create_file', { path: `part${++n}.py`, content: 'x = 1\n' }) }));
    const { result, ctx } = await runStep(createTestStepContext, step, repo, { with: { instruction: 'Split the app', 'max-turns': 2 } });
    expect(result).toMatchObject({ outcome: 'failure', outputs: { outcome: 'budget', commits: '1', branch: 'autodevops/split-the-app' } });
    expect(result.error).toBe('task "Split the app": the turn budget is spent (2 of 2 turns) (2 turns, 1880 tokens, $0.0000)');
    expect(result.summary).toContain('### Budget spent\n\ntask "Split the app": the turn budget is spent (2 of 2 turns)');
    expect(result.summary).toContain('Partial work is committed on branch `autodevops/split-the-app`.');
    expect(result.summary).toContain('Last words of the model:\n\n> Still working.');
    expect(log(repo, 'autodevops/split-the-app')).toEqual(['wip: Split the app (partial: budget)']);
    expect(git(repo, 'show', '--name-only', '--format=', 'autodevops/split-the-app')).toBe('part1.py\npart2.py');
    expect(ctx.text('stderr')).toContain('the turn budget is spent');

    const reading = await code(() => call('read_file', { path: 'app.py' }));
    const idle = await runStep(createTestStepContext, reading.step, reading.repo, { with: { instruction: 'Look around', 'max-turns': 1 } });
    expect(idle.result).toMatchObject({ outcome: 'failure', outputs: { outcome: 'budget', commits: '0' } });
    expect(idle.result.summary).not.toContain('Partial work');
  });

  it('stops an agent repeating the same edit, and says so', async () => {
    const { repo, step } = await code(() => call('edit_file', { path: 'app.py', old_text: 'hi', new_text: 'hello' }));
    const { result } = await runStep(createTestStepContext, step, repo, { with: { instruction: 'Say hello' } });
    expect(result).toMatchObject({ outcome: 'failure', outputs: { outcome: 'loop', commits: '1' } });
    expect(result.summary).toContain('### Stopped: the agent was repeating itself');
    expect(result.error).toContain('repeated the same edit_file call 3 times');
  });

  it('re-run after a crash: recorded turns are not sent again, and the same branch and worktree are used', async () => {
    let crash: (() => void) | undefined;
    const session = turns(call('read_file', { path: 'app.py' }), call('edit_file', { path: 'app.py', old_text: 'hi', new_text: 'hello' }), done('says hello'));
    const { repo, server, step } = await code((request) => {
      if (crash && toolResults(request) === 2) {
        setTimeout(crash, 20);
        crash = undefined;
        return { hang: true };
      }
      return session(request);
    });
    const records = new Map<string, unknown>();
    const first = await aiContext(createTestStepContext, repo, { with: { instruction: 'Say hello' }, records });
    crash = () => first.controller.abort(new Error('the process died'));
    await expect(step.execute(first)).rejects.toThrow();
    expect(server.requests).toHaveLength(3);
    expect([...records.keys()]).toEqual(['branch', 'instruction/started', 'instruction/turn-1', 'instruction/tools-1', 'instruction/turn-2', 'instruction/tools-2']);

    const { result } = await runStep(createTestStepContext, step, repo, { with: { instruction: 'Say hello' }, records });
    expect(server.requests).toHaveLength(4);
    // The resumed session's conversation is rebuilt from the records, identical to the lost request's.
    expect(server.requests[3]!.body.messages).toEqual(server.requests[2]!.body.messages);
    expect(result).toMatchObject({ outcome: 'success', outputs: { branch: 'autodevops/say-hello', commits: '1' } });
    expect(branches(repo)).toBe('autodevops/say-hello');
    expect(git(repo, 'show', 'autodevops/say-hello:app.py')).toBe('print("hello")');
  });

  it('keeps a long conversation within the context budget by eliding old tool output', async () => {
    const { repo, server, step } = await code(turns(call('read_file', { path: 'app.py' }), call('read_file', { path: 'other.py' }), done('nothing to change')), { 'app.py': `print("hi")\n${'# a comment line\n'.repeat(20)}`, 'other.py': 'x = 2\n' });
    const { result } = await runStep(createTestStepContext, step, repo, { with: { instruction: `Rename x\n${'context '.repeat(32_000)}` } });
    expect(result).toMatchObject({ outcome: 'success', outputs: { branch: 'autodevops/rename-x-context-context-context', commits: '0' } });
    expect(toolResultTexts(server.requests[1]!)[0]).toContain('print("hi")');
    expect(toolResultTexts(server.requests[2]!)).toEqual([expect.stringContaining('older tool output elided'), expect.stringContaining('x = 2')]);
  });

  it('does nothing when every task is done, and rejects invalid inputs before creating a branch', async () => {
    const { repo, server, step } = await code(turns(done('x')));
    writeFiles(repo, { 'tasks.json': JSON.stringify({ tasks: [{ id: 1, title: 'Done already', status: 'done' }] }) });
    const { result } = await runStep(createTestStepContext, step, repo, { with: { 'tasks-file': 'tasks.json' } });
    expect(result).toMatchObject({ outcome: 'success', outputs: { branch: 'autodevops/change', commits: '0' } });
    for (const bad of [{ 'max-turns': 'lots' }, { network: 'maybe' }]) {
      await expect(runStep(createTestStepContext, step, repo, { with: { instruction: 'Bad input', ...bad } })).rejects.toMatchObject({ code: 'ADO_CONFIG_INVALID' });
    }
    expect(branches(repo)).toBe('autodevops/change');
    expect(server.requests).toHaveLength(0);
  });
});
