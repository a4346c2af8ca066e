/**
 * The test-gen step over HTTP against a scripted OpenAI-compatible model, with the real runtime: the
 * model writes a test file for the last change, the step runs the tests in the bubblewrap sandbox,
 * commits them and reports the files and whether they pass.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestStepContext } from '../../steps/run/testing/step-context.ts';
import type { Script } from '../../../test/support/model-servers/script.ts';
import { testGenStep } from './test-gen-step.ts';
import { cleanupFixtures, git, modelFixture, runStep, tempRepo, writeFiles } from './testing/ai-fixture.ts';
import { call, lastToolResult, taskOf, turns } from './testing/model-script.ts';

afterEach(cleanupFixtures);

const command = 'python3 -m unittest -q 2>&1';
const testFile = (expected: number) => `import unittest\nfrom calc import mul\n\n\nclass MulTest(unittest.TestCase):\n    def test_mul(self):\n        self.assertEqual(mul(2, 3), ${expected})\n`;
const writing = (expected: number) => turns(
  call('create_file', { path: 'test_calc.py', content: testFile(expected) }),
  call('run_command', { command }),
  call('finish', { files: ['test_calc.py'], summary: 'Tests for mul\nChecks 2 * 3.' }),
);

/** A repository whose last commit adds `mul`. */
async function testGen(script: Script, inputs: Record<string, unknown>) {
  const repo = tempRepo({ '.gitignore': '__pycache__/\n', 'calc.py': 'def add(a, b):\n    return a + b\n' });
  writeFiles(repo, { 'calc.py': 'def add(a, b):\n    return a + b\n\n\ndef mul(a, b):\n    return a * b\n' });
  git(repo, 'commit', '-q', '-am', 'add mul');
  const { server, runtime } = await modelFixture(script);
  return { ...(await runStep(createTestStepContext, testGenStep(runtime), repo, { with: inputs })), repo, requests: server.requests };
}

describe('autodevops/test-gen', () => {
  it('writes tests for the last change, runs them, commits them and outputs the files', async () => {
    const { result, repo, requests, ctx } = await testGen(writing(6), { command });
    expect(taskOf(requests[0]!)).toMatch(/^Write tests for this change\. Run them with `python3 -m unittest -q 2>&1`\.\n\n\nDiff against HEAD~1:\n\ndiff --git a\/calc\.py[\s\S]*\+def mul/);
    expect(lastToolResult(requests[2]!)).toMatch(/^exit code 0;[\s\S]*Ran 1 test/);
    expect(result).toMatchObject({ outcome: 'success', outputs: { files: '["test_calc.py"]', passed: 'true', evidence: expect.stringMatching(/^\[exit code 0\]\n[\s\S]*OK$/) } });
    expect(result.summary).toBe('### Tests written\n\nTests for mul\nChecks 2 * 3.\n\nFiles: `test_calc.py`\n');
    expect(git(repo, 'log', '-1', '--format=%s')).toBe('test: Tests for mul');
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD')).toBe('test_calc.py');
    expect(ctx.text('stdout')).toContain(`$ ${command}\n[exit code 0]`);
  });

  it('fails when the written tests fail, keeping them committed as evidence', async () => {
    const { result, repo } = await testGen(writing(7), { command, base: 'HEAD', description: 'mul multiplies' });
    expect(result).toMatchObject({ outcome: 'failure', error: 'the generated tests fail: `python3 -m unittest -q 2>&1` exited with 1', outputs: { passed: 'false' } });
    expect(result.outputs!.evidence).toMatch(/AssertionError: 6 != 7/);
    expect(git(repo, 'log', '-1', '--format=%s')).toBe('test: Tests for mul');
  });

  it('describes the change when there is no diff, and fails with the outcome of a session without an answer', async () => {
    const { result, requests } = await testGen(() => call('read_file', { path: 'calc.py' }), { command, base: 'HEAD', description: 'mul multiplies', 'max-turns': 1 });
    expect(taskOf(requests[0]!)).toContain('Run them with `python3 -m unittest -q 2>&1`.\nmul multiplies\n\nDiff against HEAD:\n\n(no diff)');
    expect(result).toMatchObject({ outcome: 'failure', outputs: { outcome: 'budget' }, error: expect.stringContaining('test-gen: the turn budget is spent') });
  });
});
