import { afterEach, describe, expect, it, vi } from 'vitest';
import { createColors } from '../colors.ts';
import { EventRecorder, failingRun, t0, waitingRun } from '../testing/fixtures.ts';
import { TextBuffer } from '../testing/text-output.ts';
import { LiveRenderer, truncate } from './live-renderer.ts';

const plain = createColors(false);

function renderer(out = new TextBuffer({ isTTY: true, columns: 80, rows: 30 }), now = t0 + 2000): { live: LiveRenderer; out: TextBuffer } {
  return { live: new LiveRenderer({ out, colors: plain, now: () => now, interval: 0 }), out };
}

describe('LiveRenderer', () => {
  afterEach(() => void vi.useRealTimers());

  it('shows jobs and steps with status and duration, and the last log lines of the running step with groups collapsed', () => {
    const { live } = renderer();
    const run = failingRun();
    live.begin(run.initial);
    for (const e of run.events.slice(0, 10)) live.event(e);
    expect(live.frame()).toEqual([
      '⠋ ci (push) · run-1',
      '  ⠋ build  2.0s',
      '    ✓ Checkout  1.2s',
      '    ⠋ Test  0.8s',
      '      │ ▸ Install (2 lines)',
      '      │ running tests',
      '      │ FAIL a.test.ts',
      '  · deploy',
    ]);
  });

  it('keeps only the last lines of a step', () => {
    const { live } = renderer();
    const r = new EventRecorder('run-1')
      .history(10, { type: 'job.started', jobKey: 'j', attempt: 1 })
      .history(20, { type: 'step.started', jobKey: 'j', index: 0, attempt: 1, name: 'Loop', repeatSafe: true })
      .log(30, 'j/0', 'one\ntwo\nthree\n\x1b[31mfour\x1b[0m\nfive\tcol\nhalf\rsix\n')
      .log(40, 'j/0', '##[group]Later\nhidden\n##[warning]marker\n');
    live.begin(failingRun().initial);
    for (const e of r.events) live.event(e);
    expect(live.frame().filter((l) => l.includes('│'))).toEqual(['      │ three', '      │ four', '      │ five  col', '      │ six', '      │ ▸ Later (1 lines)']);
  });

  it('redraws in place: moves the cursor up over the previous frame and clears below it', () => {
    const { live, out } = renderer();
    const run = failingRun();
    live.begin(run.initial);
    live.draw();
    expect(out.text).toBe('\x1b[?25l· ci (push) · run-1\n  · build\n  · deploy\n');
    const first = out.text.length;
    live.draw();
    expect(out.text.length).toBe(first);
    live.event(run.events[1]!);
    live.draw();
    expect(out.text.slice(first)).toBe('\x1b[3A\r\x1b[0J⠋ ci (push) · run-1\n  · build\n  · deploy\n');
  });

  it('shows what a waiting step waits for, and that the run is being cancelled', () => {
    const { live } = renderer();
    const run = waitingRun();
    live.begin(run.initial);
    for (const e of run.events) live.event(e);
    live.event(new EventRecorder('run-1').history(50, { type: 'run.cancel-requested', reason: 'by user' }).events[0]!);
    expect(live.frame()).toEqual([
      '⠋ ci (push) · run-1 — cancelling: by user',
      '  ⏸ deploy  2.0s',
      '    ⏸ Approve  2.0s',
      '      ⏸ deploy › Approve waits for approval by alice: Ship it?',
      '        approve: autodevops approve run-1',
      '        reject:  autodevops approve run-1 --reject',
    ]);
  });

  it('fits the frame to the terminal: long lines are cut, extra lines summarised', () => {
    const short = renderer(new TextBuffer({ isTTY: true, columns: 20, rows: 4 }));
    short.live.begin(failingRun().initial);
    short.live.note('first');
    short.live.note('second');
    expect(short.out.text).toContain('· ci (push) · run-1\n  · build\n… 2 more lines\n');
    expect(short.out.text).toContain('… 3 more lines');
    const narrow = renderer(new TextBuffer({ isTTY: true, columns: 21, rows: 10 }));
    narrow.live.note('a very long note that does not fit');
    expect(narrow.out.text).toBe('\x1b[?25la very long note th\x1b[0m…\n');
    const unsized = renderer(new TextBuffer({ isTTY: true, columns: 0, rows: 0 }));
    unsized.live.note('x'.repeat(130));
    expect(unsized.out.text).toBe(`\x1b[?25l${'x'.repeat(118)}\x1b[0m…\n`);
  });

  it('ends with the final tree (no logs) and the summary, and shows the cursor again', () => {
    const { live, out } = renderer();
    const run = failingRun();
    live.begin(run.initial);
    for (const e of run.events.slice(0, 10)) live.event(e);
    live.draw();
    const before = out.text.length;
    live.finish([run.final]);
    expect(out.text.slice(before)).toBe(`\x1b[8A\r\x1b[0J✗ ci (push) · run-1
  ✗ build  3.7s
    ✓ Checkout  1.2s
    ✗ Test  2.5s
      Process completed with exit code 1.
  ○ deploy

✗ failure  ci (push) in 3.8s
  ✗ build › Test: Process completed with exit code 1.
  error a.test.ts:3:5: expected 1 to be 2
run run-1 · details: autodevops show run-1

\x1b[?25h`);
    live.dispose();
    expect(out.text.endsWith('\x1b[?25h')).toBe(true);
    expect(out.text.split('\x1b[?25h')).toHaveLength(2);
  });

  it('redraws on a timer at most every interval, and stops when finished', () => {
    vi.useFakeTimers();
    const out = new TextBuffer({ isTTY: true });
    let now = t0;
    const live = new LiveRenderer({ out, colors: plain, now: () => now });
    const run = failingRun();
    live.begin(run.initial);
    expect(out.text.split('\n')[0]).toBe('\x1b[?25l· ci (push) · run-1');
    live.event(run.events[1]!);
    vi.advanceTimersByTime(100);
    expect(out.text).toContain('\x1b[0J⠋ ci (push) · run-1');
    now += 100;
    vi.advanceTimersByTime(100);
    expect(out.text).toContain('⠙ ci (push) · run-1');
    live.finish([run.final]);
    const after = out.text.length;
    vi.advanceTimersByTime(1000);
    expect(out.text.length).toBe(after);
  });

  it('ignores events of runs it does not watch', () => {
    const { live } = renderer();
    live.event(failingRun('other').events[1]!);
    expect(live.frame()).toEqual([]);
  });

  it('cuts coloured lines by visible width', () => {
    expect(truncate('\x1b[32mabcdef\x1b[39m', 4)).toBe('\x1b[32mabc\x1b[0m…');
    expect(truncate('abc', 4)).toBe('abc');
  });
});
