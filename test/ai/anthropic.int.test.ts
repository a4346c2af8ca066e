/**
 * The agent loop end to end over the Anthropic Messages protocol: the real runtime (provider
 * `anthropic`, AUTODEVOPS_AI_BASE_URL at a scripted Anthropic server, ANTHROPIC_API_KEY set), the
 * real SDK client streaming SSE, the code step in a temp repository reading, editing and checking
 * a file in the bubblewrap sandbox, then finishing with a commit on its branch.
 */
import { afterEach, expect, it } from 'vitest';
import { codeStep } from '../../src/ai/steps/code-step.ts';
import { cleanupFixtures, git, modelFixture, runStep, tempRepo } from '../../src/ai/steps/testing/ai-fixture.ts';
import { call, lastToolResult, systemOf, toolResultTexts, turns } from '../../src/ai/steps/testing/model-script.ts';
import { createTestStepContext } from '../../src/steps/run/testing/step-context.ts';

afterEach(cleanupFixtures);

it('reads, edits, checks and finishes over the Anthropic protocol', async () => {
  const repo = tempRepo({ 'calc.py': 'def add(a, b):\n    return a - b\n' });
  const { server, runtime } = await modelFixture(turns(
    { text: 'Let me look at calc.py.', ...call('read_file', { path: 'calc.py' }) },
    call('edit_file', { path: 'calc.py', old_text: 'return a - b', new_text: 'return a + b' }),
    call('run_command', { command: 'python3 -c "from calc import add; assert add(2, 3) == 5" && echo passed' }),
    call('finish', { status: 'done', summary: 'add() now adds.', question: null }),
  ), { protocol: 'anthropic', apiKey: 'sk-ant-test-key' });
  const { result, ctx } = await runStep(createTestStepContext, codeStep(runtime), repo, { with: { instruction: 'Fix add' } });

  expect(result).toMatchObject({ outcome: 'success', outputs: { branch: 'autodevops/fix-add', commits: '1', outcome: 'done' } });
  expect(git(repo, 'show', 'autodevops/fix-add:calc.py')).toContain('return a + b');
  expect(git(repo, 'log', '-1', '--format=%s', 'autodevops/fix-add')).toBe('Fix add');
  expect(server.requests).toHaveLength(4);
  for (const request of server.requests) {
    expect(request).toMatchObject({ path: '/v1/messages', headers: { 'x-api-key': 'sk-ant-test-key', 'anthropic-version': expect.any(String) }, body: { model: 'claude-sonnet-4-5', stream: true } });
  }
  expect(systemOf(server.requests[0]!)).toContain('You are the coding step of autodevops');
  expect(toolResultTexts(server.requests[1]!)).toEqual([expect.stringContaining('return a - b')]);
  expect(lastToolResult(server.requests[2]!)).toMatch(/^Edited calc\.py: replaced 1 occurrence\(s\) at line 2\.\n[\s\S]*return a \+ b/);
  expect(lastToolResult(server.requests[3]!)).toMatch(/^exit code 0;[\s\S]*passed/);
  expect(ctx.masks).toContain('sk-ant-test-key');
  expect(ctx.text('stdout')).toContain('Let me look at calc.py.');
  const calls = ctx.announced.flatMap((a) => (a.kind === 'model-call' ? [a.call] : []));
  expect(calls).toHaveLength(4);
  expect(calls[0]).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-5', usage: { prompt: 900, completion: 40 }, cost: { priceTable: '2026-11' } });
  expect(ctx.text('stdout')).toMatch(/1 commit\(s\) on autodevops\/fix-add \(4 turns, 3760 tokens, \$0\.0\d{3}\)/);
});
