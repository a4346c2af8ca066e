import { describe, expect, it } from 'vitest';
import type { LogChunk } from '../../core/events.ts';
import { createColors } from '../colors.ts';
import { chunkLines, classify, formatLogChunk, terminalSafe } from './log-lines.ts';

const chunk = (text: string, stream: LogChunk['stream'] = 'stdout'): LogChunk => ({ runId: 'r', stepKey: 'build/2', seq: 1, at: 0, stream, text });

describe('log lines', () => {
  it('splits a chunk into lines without an empty last one', () => {
    expect(chunkLines(chunk('a\r\nb\n'))).toEqual(['a', 'b']);
    expect(chunkLines(chunk('no newline'))).toEqual(['no newline']);
  });

  it('recognises group starts and ends in both spellings, and annotation markers', () => {
    expect(classify('::group::Install deps ')).toEqual({ kind: 'group', title: 'Install deps' });
    expect(classify('##[group]Build')).toEqual({ kind: 'group', title: 'Build' });
    expect(classify('::endgroup::')).toEqual({ kind: 'endgroup' });
    expect(classify('##[endgroup]')).toEqual({ kind: 'endgroup' });
    expect(classify('##[warning]careful')).toEqual({ kind: 'marker' });
    expect(classify('plain ##[warning]')).toEqual({ kind: 'text', text: 'plain ##[warning]' });
  });

  it('formats a chunk as prefixed lines: groups as ▸ title, markers and group ends dropped, system lines dimmed', () => {
    expect(formatLogChunk(chunk('##[group]Install\nnpm ci\n##[endgroup]\n##[error]exit 2\nerror: exit 2\n'), createColors(false))).toEqual([
      '[build/2] ▸ Install', '[build/2] npm ci', '[build/2] error: exit 2',
    ]);
    expect(formatLogChunk(chunk('note\n', 'system'), createColors(true))).toEqual(['\x1b[2m[build/2]\x1b[22m \x1b[2mnote\x1b[22m']);
  });

  it('makes a line safe for a redrawn terminal', () => {
    expect(terminalSafe('\x1b[1mbold\x1b[0m\tx\x07')).toBe('bold  x');
    expect(terminalSafe('10%\r50%\r100%')).toBe('100%');
  });
});
