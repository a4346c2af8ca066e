/**
 * Trace and span ids derived from the run, not drawn at random: a run resumed by another process
 * continues the same trace, and `autodevops show` can print a run's trace id without any exporter.
 */
import { createHash } from 'node:crypto';
import type { RunView } from '../core/views.ts';

/** A run's own trace id: the first 16 bytes of sha256(runId), as 32 hex characters. */
export function traceIdOf(runId: string): string {
  return digest(runId).slice(0, 32);
}

/**
 * The trace a run's spans are exported in: its own, or — for a reusable workflow's run — the trace of
 * the run that called it (followed up to the top caller), so callee spans nest under the caller's job.
 */
export async function runTraceId(view: Pick<RunView, 'id' | 'parent'>, describe: (runId: string) => Promise<Pick<RunView, 'id' | 'parent'>>): Promise<string> {
  let run = view;
  while (run.parent) run = await describe(run.parent.runId);
  return traceIdOf(run.id);
}

/**
 * A span id (8 bytes, 16 hex characters) from the run id and the span's place in the run.
 * @example spanIdOf(runId, 'step', 'build/2', 1)
 */
export function spanIdOf(runId: string, ...parts: Array<string | number>): string {
  const id = digest([runId, ...parts].join('\u0000')).slice(0, 16);
  // An all-zero span id is invalid in OTLP; sha256 makes it vanishingly unlikely, but stay valid.
  return id === '0000000000000000' ? '0000000000000001' : id;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
