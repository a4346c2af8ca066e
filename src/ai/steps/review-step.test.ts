/**
 * The review step over HTTP against a scripted OpenAI-compatible model, with the real runtime on a
 * real git repository: findings become outputs, annotations and a markdown table; `fail-on`
 * decides whether blocking (or major) findings fail the step; an empty diff asks no model.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestStepContext } from '../../steps/run/testing/step-context.ts';
import type { Script } from '../../../test/support/model-servers/script.ts';
import { reviewStep } from './review-step.ts';
import { cleanupFixtures, git, modelFixture, runStep, tempRepo, writeFiles } from './testing/ai-fixture.ts';
import { call, lastToolResult, taskOf, turns } from './testing/model-script.ts';

afterEach(cleanupFixtures);

const blocking = { file: 'db.py', line: 2, severity: 'blocking', message: 'SQL built from | user input', suggestion: 'Use a parameter | placeholder' };
const major = { file: 'db.py', line: 1, severity: 'major', message: 'No connection pooling', suggestion: 'Reuse one connection' };
const nit = { file: 'db.py', line: 2, severity: 'nit', message: 'Long line', suggestion: 'Wrap it' };
const review = (findings: unknown[]) => turns(call('read_file', { path: 'db.py' }), call('finish', { summary: 'Needs work.', findings }));

/** A repository whose last commit adds db.py, reviewed with `inputs`. */
async function reviewed(script: Script, inputs: Record<string, unknown> = {}) {
  const repo = tempRepo({ 'README.md': '# db\n' });
  writeFiles(repo, { 'db.py': 'import sqlite3\ndef find(name): return db.execute("select * from t where n = \'" + name + "\'")\n' });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'add db');
  const { server, runtime } = await modelFixture(script);
  return { ...(await runStep(createTestStepContext, reviewStep(runtime), repo, { with: inputs })), requests: server.requests, repo };
}

describe('autodevops/review', () => {
  it('reports findings as outputs, annotations and a markdown table, and fails on a blocking one', async () => {
    const { result, requests, ctx } = await reviewed(review([blocking, major, nit]));
    expect(taskOf(requests[0]!)).toMatch(/^Review this diff against HEAD~1:\n\ndiff --git a\/db\.py b\/db\.py[\s\S]*\+import sqlite3/);
    expect(lastToolResult(requests[1]!)).toContain('import sqlite3');
    expect(result).toMatchObject({ outcome: 'failure', error: 'the review found 1 blocking finding(s)', outputs: { blocking: '1', summary: 'Needs work.' } });
    expect(JSON.parse(result.outputs!.findings!)).toEqual([blocking, major, nit]);
    expect(result.annotations).toEqual([
      { level: 'error', file: 'db.py', line: 2, message: 'SQL built from | user input Suggestion: Use a parameter | placeholder' },
      { level: 'warning', file: 'db.py', line: 1, message: 'No connection pooling Suggestion: Reuse one connection' },
      { level: 'notice', file: 'db.py', line: 2, message: 'Long line Suggestion: Wrap it' },
    ]);
    expect(result.summary).toBe([
      '### Review', '', 'Needs work.', '',
      '| severity | where | finding | suggestion |', '| --- | --- | --- | --- |',
      '| blocking | `db.py:2` | SQL built from \\| user input | Use a parameter \\| placeholder |',
      '| major | `db.py:1` | No connection pooling | Reuse one connection |',
      '| nit | `db.py:2` | Long line | Wrap it |', '',
    ].join('\n'));
    expect(ctx.text('stdout')).toContain('db.py:2: blocking: SQL built from | user input\n');
  });

  it('succeeds with blocking findings under fail-on: never, and fails on a major one under fail-on: major', async () => {
    const never = await reviewed(review([blocking]), { 'fail-on': 'never' });
    expect(never.result).toMatchObject({ outcome: 'success', outputs: { blocking: '1' } });
    expect(never.result.error).toBeUndefined();
    const strict = await reviewed(review([major]), { 'fail-on': 'major' });
    expect(strict.result).toMatchObject({ outcome: 'failure', error: 'the review found 1 blocking or major finding(s)', outputs: { blocking: '0' } });
    const clean = await reviewed(turns(call('finish', { summary: 'Fine.', findings: [] })));
    expect(clean.result).toMatchObject({ outcome: 'success', outputs: { findings: '[]', blocking: '0' } });
    expect(clean.result.summary).toBe('### Review\n\nFine.\n\nNo findings.\n');
  });

  it('asks no model when the diff is empty', async () => {
    const { result, requests } = await reviewed(review([blocking]), { base: 'HEAD' });
    expect(result).toEqual({ outcome: 'success', outputs: { findings: '[]', blocking: '0', summary: 'Nothing to review: the diff is empty.' } });
    expect(requests).toHaveLength(0);
  });

  it('cuts a very large diff, rejects an unknown fail-on, and stops a reviewer going round in circles', async () => {
    const repo = tempRepo({ 'big.txt': '' });
    writeFiles(repo, { 'big.txt': 'line of text\n'.repeat(6000) });
    git(repo, 'commit', '-q', '-am', 'big');
    const { server, runtime } = await modelFixture(() => call('read_file', { path: 'big.txt' }));
    const { result } = await runStep(createTestStepContext, reviewStep(runtime), repo);
    expect(taskOf(server.requests[0]!)).toMatch(/\n\[diff truncated: read the files for the rest\]$/);
    expect(result).toMatchObject({ outcome: 'failure', outputs: { outcome: 'loop' }, error: expect.stringContaining('review: the agent repeated the same read_file call 5 times') });
    await expect(runStep(createTestStepContext, reviewStep(runtime), repo, { with: { 'fail-on': 'sometimes' } }))
      .rejects.toMatchObject({ code: 'ADO_CONFIG_INVALID', message: expect.stringContaining('input `fail-on` must be one of blocking, major, never, not "sometimes"') });
  });
});
