import { describe, expect, it } from 'vitest';
import { successRun } from '../testing/fixtures.ts';
import { TextBuffer } from '../testing/text-output.ts';
import { JsonRenderer } from './json-renderer.ts';

describe('JsonRenderer', () => {
  it('prints each event of a watched run as one JSON line, then the result; notes go to stderr', () => {
    const out = new TextBuffer();
    const err = new TextBuffer();
    const renderer = new JsonRenderer({ out, err });
    const run = successRun();
    renderer.event(run.events[0]!);
    renderer.begin(run.initial);
    for (const e of run.events) renderer.event(e);
    renderer.event(successRun('other').events[0]!);
    renderer.note('Cancelling gracefully');
    renderer.finish([run.final], 0);
    renderer.dispose();
    const lines = out.text.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([...run.events, { kind: 'result', exitCode: 0, runs: [run.final] }]);
    expect(err.text).toBe('Cancelling gracefully\n');
  });
});
