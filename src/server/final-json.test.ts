import { describe, expect, it } from 'vitest';
import { FinalJson } from './final-json.ts';
import { pageJson, type ProjectRun } from './run-listing.ts';

const run = (id: string, status: ProjectRun['status'], extra: Partial<ProjectRun> = {}): ProjectRun => ({
  id, workflowName: 'ci', workflowFile: '.github/workflows/ci.yml', event: 'push', status, createdAt: 1, updatedAt: 2, workflow: 'ci', version: 'v1', ...extra,
});

describe('FinalJson', () => {
  it('serialises as JSON.stringify does, once for a completed run, every time otherwise', () => {
    const texts = new FinalJson(100);
    const value = { a: 1, b: [true, null], c: undefined };
    expect(texts.text('r1', true, value)).toBe(JSON.stringify(value));
    expect(texts.text('r1', true, { changed: true })).toBe(JSON.stringify(value));
    expect(texts.text('r2', false, { n: 1 })).toBe('{"n":1}');
    expect(texts.text('r2', false, { n: 2 })).toBe('{"n":2}');
  });

  it('keeps at most maxChars characters, the oldest going first, and nothing larger', () => {
    const texts = new FinalJson(20);
    texts.text('r1', true, { n: 1 });
    texts.text('r2', true, { n: 2 });
    texts.text('r3', true, { n: 3 });
    expect([texts.text('r1', true, 'x'), texts.text('r3', true, 'x')]).toEqual(['"x"', '{"n":3}']);
    expect(texts.text('big', true, 'y'.repeat(30))).toBe(`"${'y'.repeat(30)}"`);
    expect(texts.text('big', true, 'z')).toBe('"z"');
  });
});

describe('pageJson', () => {
  it('is exactly JSON.stringify(page), with and without a cursor', () => {
    const runs = [run('r2', 'running', { interrupted: true }), run('r1', 'completed', { conclusion: 'success' }), run('r0', 'completed', { conclusion: undefined })];
    for (const page of [{ runs }, { runs, next: 'r0' }, { runs: [] }]) {
      expect(pageJson(page)).toBe(JSON.stringify(page));
      expect(JSON.parse(pageJson(page))).toEqual(JSON.parse(JSON.stringify(page)));
    }
  });
});
