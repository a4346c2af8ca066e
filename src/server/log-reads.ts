/**
 * Log range reads for the API: chunks after a sequence number, at most `limit`, and with `follow`
 * a long poll that answers as soon as there is something new (or the run completes, or the wait
 * ends). The listener is attached before the read, so a chunk written in between is not missed.
 */
import type { LogChunk } from '../core/events.ts';
import type { ServerDeps } from './deps.ts';

/** A range of a run's logs. */
export interface LogRange {
  chunks: LogChunk[];
  /** True when the run is completed and every chunk after `afterSeq` is in this range. */
  completed: boolean;
}

/** What to read. */
export interface LogQuery {
  afterSeq?: number;
  step?: string;
  limit: number;
  /** Wait up to this many ms for new chunks when there are none. */
  waitMs?: number;
}

async function readRange(deps: ServerDeps, runId: string, q: LogQuery): Promise<LogRange> {
  // Status first: a run completed before the read has all its chunks in it.
  const [summary] = await deps.app.listRuns({ ids: [runId] });
  const chunks = await deps.app.readLogs(runId, { afterSeq: q.afterSeq, step: q.step });
  return { chunks: chunks.slice(0, q.limit), completed: summary?.status === 'completed' && chunks.length <= q.limit };
}

/** Resolves on the run's next log chunk or completion, the server stopping, or after `ms`. */
function nextActivity(deps: ServerDeps, runId: string): { wait(ms: number): Promise<void>; off(): void } {
  let wake: () => void = () => undefined;
  let woken = false;
  const off = deps.app.subscribe(runId, (e) => {
    if (e.kind !== 'log' && !(e.kind === 'history' && e.event.type === 'run.completed')) return;
    woken = true;
    wake();
  });
  const wait = (ms: number): Promise<void> => new Promise((resolve) => {
    if (woken) return resolve();
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
    void deps.stopping.then(wake);
  });
  return { wait, off };
}

/** The range; with `waitMs`, waits for new chunks when there are none yet. */
export async function readLogRange(deps: ServerDeps, runId: string, q: LogQuery): Promise<LogRange> {
  if (q.waitMs === undefined) return readRange(deps, runId, q);
  const activity = nextActivity(deps, runId);
  try {
    const first = await readRange(deps, runId, q);
    if (first.chunks.length > 0 || first.completed) return first;
    await activity.wait(q.waitMs);
    return await readRange(deps, runId, q);
  } finally {
    activity.off();
  }
}
