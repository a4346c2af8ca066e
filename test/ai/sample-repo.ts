/**
 * A small Python repository with a failing test, and a scripted "model" that fixes it the way a
 * coding agent would: plan one task, read the file, edit it, run the tests, finish; then review.
 * The script decides each reply from what the request carries (the step's system prompt and how many
 * tool results the conversation has), so it gives the same answers to a resumed run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RecordedRequest, ScriptedReply } from '../support/model-servers/script.ts';

/** Creates the repository; returns its path. */
export function sampleRepo(): string {
  const repo = mkdtempSync(path.join(tmpdir(), 'ado-sample-'));
  writeFileSync(path.join(repo, 'calc.py'), 'def add(a, b):\n    return a - b\n');
  writeFileSync(path.join(repo, 'test_calc.py'), 'import unittest\nfrom calc import add\n\n\nclass AddTest(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(2, 3), 5)\n\n\nif __name__ == "__main__":\n    unittest.main()\n');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'calc with a bug');
  return repo;
}

/** Which step sent a request, from its system prompt. */
export function stepOf(request: RecordedRequest): 'plan' | 'code' | 'review' | 'fix' | 'test-gen' | 'unknown' {
  const system = JSON.stringify(request.body.messages?.[0] ?? '');
  for (const step of ['plan', 'code', 'review', 'fix', 'test-gen'] as const) {
    const marker = { plan: 'planning step', code: 'coding step', review: 'code review step', fix: 'fix step', 'test-gen': 'test-writing step' }[step];
    if (system.includes(marker)) return step;
  }
  return 'unknown';
}

/** How many tool results the conversation already holds. */
export function toolResults(request: RecordedRequest): number {
  return (request.body.messages as Array<{ role: string }>).filter((m) => m.role === 'tool').length;
}

const call = (name: string, args: unknown): ScriptedReply => ({ toolCalls: [{ name, arguments: args }], usage: { prompt: 900, completion: 40 } });

/** A model whose first edit is wrong (off by one), so the tests fail and the fix step repairs it. */
export function sloppyModel(request: RecordedRequest): ScriptedReply {
  const step = stepOf(request);
  const n = toolResults(request);
  if (step === 'code' && n === 1) return call('edit_file', { path: 'calc.py', old_text: 'return a - b', new_text: 'return a + b + 1' });
  if (step === 'fix') {
    const turns = [
      call('edit_file', { path: 'calc.py', old_text: 'return a + b + 1', new_text: 'return a + b' }),
      call('run_command', { command: 'python3 -m unittest discover -v' }),
      call('finish', { diagnosis: 'add() added one too many' }),
    ];
    return turns[Math.min(n, turns.length - 1)]!;
  }
  return fixingModel(request);
}

/** The scripted model's reply to a request. */
export function fixingModel(request: RecordedRequest): ScriptedReply {
  const step = stepOf(request);
  const n = toolResults(request);
  if (step === 'plan') {
    return call('finish', {
      clarification: null,
      tasks: [{ key: 'fix-add', title: 'Fix add', description: 'add() subtracts', details: 'Return a + b in calc.py', testStrategy: 'python3 -m unittest', priority: 'high', dependsOn: [], subtasks: [] }],
    });
  }
  if (step === 'code') {
    const turns = [
      call('read_file', { path: 'calc.py' }),
      call('edit_file', { path: 'calc.py', old_text: 'return a - b', new_text: 'return a + b' }),
      call('run_command', { command: 'python3 -m unittest discover -v' }),
      call('finish', { status: 'done', summary: 'add() now adds', question: null }),
    ];
    return turns[Math.min(n, turns.length - 1)]!;
  }
  if (step === 'review') return call('finish', { summary: 'The fix is correct.', findings: [] });
  return { status: 500, body: `unexpected request from step ${step}` };
}
