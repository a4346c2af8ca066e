/** Log chunks as display lines: one chunk may hold several lines; group markers are recognised. */
import type { LogChunk } from '../../core/events.ts';
import type { Colors } from '../colors.ts';
import { stripAnsi } from '../colors.ts';

/** A log line classified for display. */
export type LogLine = { kind: 'text'; text: string } | { kind: 'group'; title: string } | { kind: 'endgroup' } | { kind: 'marker' };

const groupStart = /^(?:::group::|##\[group\])(.*)$/;
const groupEnd = /^(?:::endgroup::|##\[endgroup\])/;
/** Machine markers of annotations; the engine also logs them readably and they reach the summary. */
const marker = /^##\[(?:error|warning|notice|debug)\]/;

/** The lines of a chunk; a trailing newline does not make an empty last line. */
export function chunkLines(chunk: LogChunk): string[] {
  return chunk.text.replace(/\r?\n$/, '').split(/\r?\n/);
}

/** Classifies one line as text, a group start or a group end. */
export function classify(line: string): LogLine {
  const start = groupStart.exec(line);
  if (start) return { kind: 'group', title: start[1]!.trim() };
  if (groupEnd.test(line)) return { kind: 'endgroup' };
  if (marker.test(line)) return { kind: 'marker' };
  return { kind: 'text', text: line };
}

/** What a terminal can show on one line: no colours, no carriage-return redraws, no tabs. */
export function terminalSafe(line: string): string {
  const visible = stripAnsi(line);
  const afterReturn = visible.slice(visible.lastIndexOf('\r') + 1);
  return afterReturn.replace(/\t/g, '  ').replace(/[\x00-\x1f\x7f]/g, '');
}

/** A chunk as plain output lines: `[job/index] text`, groups as `▸ title`, group ends dropped. */
export function formatLogChunk(chunk: LogChunk, c: Colors): string[] {
  const prefix = c.dim(`[${chunk.stepKey}]`);
  const lines: string[] = [];
  for (const raw of chunkLines(chunk)) {
    const line = classify(raw);
    if (line.kind === 'group') lines.push(`${prefix} ▸ ${line.title}`);
    else if (line.kind === 'text') lines.push(`${prefix} ${chunk.stream === 'system' ? c.dim(line.text) : line.text}`);
  }
  return lines;
}
