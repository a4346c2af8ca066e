/**
 * A run's engine events as Server-Sent Events, resumable with `Last-Event-ID`. Each event's id is
 * `<history seq>.<log seq>`, the last of each the client has received, so a reconnecting client
 * gets exactly what it missed: the stream subscribes first, replays the durable history and logs
 * after the id, then continues with live events, skipping any already sent.
 */
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { EngineEvent } from '../core/views.ts';
import type { ServerApp } from './server-app.ts';

/** Last history and log sequence numbers a client has seen (-1: none). */
export interface StreamCursor {
  history: number;
  log: number;
}

/** Parses a `Last-Event-ID`; anything malformed starts from the beginning. */
export function parseEventId(id: string | undefined): StreamCursor {
  const match = /^(-?\d+)\.(-?\d+)$/.exec(id ?? '');
  return match ? { history: Number(match[1]), log: Number(match[2]) } : { history: -1, log: -1 };
}

/** Moves the cursor past the event; false when the event was already sent. */
function advance(cursor: StreamCursor, event: EngineEvent): boolean {
  if (event.kind === 'history') {
    if (event.event.seq <= cursor.history) return false;
    cursor.history = event.event.seq;
  } else if (event.kind === 'log') {
    if (event.chunk.seq <= cursor.log) return false;
    cursor.log = event.chunk.seq;
  } else {
    // Model and tool call announcements are not resumable; the dashboard reads them from traces.
    return false;
  }
  return true;
}

/** A queue the subscription fills and the writer drains. */
export class EventQueue<T> {
  readonly #items: T[] = [];
  #wake: (() => void) | undefined;
  /** Adds an event and wakes the reader. */
  push(event: T): void {
    this.#items.push(event);
    this.#wake?.();
  }
  /** The next event, or undefined when `stop` resolves first. */
  async next(stop: Promise<unknown>): Promise<T | undefined> {
    while (this.#items.length === 0) {
      const woken = new Promise<'event'>((resolve) => (this.#wake = () => resolve('event')));
      if ((await Promise.race([woken, stop.then(() => 'stop' as const)])) === 'stop') return undefined;
    }
    return this.#items.shift();
  }
}

async function send(stream: SSEStreamingApi, cursor: StreamCursor, event: EngineEvent): Promise<boolean> {
  if (!advance(cursor, event)) return false;
  const name = event.kind === 'history' ? event.event.type : 'log';
  await stream.writeSSE({ id: `${cursor.history}.${cursor.log}`, event: name, data: JSON.stringify(event) });
  return event.kind === 'history' && event.event.type === 'run.completed';
}

const timeOf = (e: EngineEvent): number => (e.kind === 'history' ? e.event.at : e.kind === 'log' ? e.chunk.at : e.call.completedAt);

/** Merges history and logs by time (history first on a tie), keeping each in seq order even if the clock stepped back. */
export function interleave(history: EngineEvent[], logs: EngineEvent[]): EngineEvent[] {
  const out: EngineEvent[] = [];
  let h = 0;
  let l = 0;
  while (h < history.length || l < logs.length) {
    const takeLog = h >= history.length || (l < logs.length && timeOf(logs[l]!) < timeOf(history[h]!));
    out.push(takeLog ? logs[l++]! : history[h++]!);
  }
  return out;
}

async function replay(app: ServerApp, runId: string, stream: SSEStreamingApi, cursor: StreamCursor): Promise<boolean> {
  // Read first: a run completed before the replay has all its events in it, even if the client saw them already.
  const completed = (await app.getRun(runId)).status === 'completed';
  const history = await app.readHistory(runId, cursor.history);
  const logs = await app.readLogs(runId, { afterSeq: cursor.log });
  const events = interleave(history.map((event) => ({ kind: 'history' as const, runId, event })), logs.map((chunk) => ({ kind: 'log' as const, runId, chunk })));
  let done = false;
  for (const event of events) done = (await send(stream, cursor, event)) || done;
  return done || completed;
}

/** Streams the run's events until it completes, the client goes away, or the server stops. */
export function streamRunEvents(c: Context, app: ServerApp, runId: string, stopping: Promise<void>): Response {
  const cursor = parseEventId(c.req.header('last-event-id'));
  return streamSSE(c, async (stream) => {
    const queue = new EventQueue<EngineEvent>();
    const off = app.subscribe(runId, (event) => queue.push(event));
    const aborted = new Promise<void>((resolve) => stream.onAbort(resolve));
    const stop = Promise.race([aborted, stopping]);
    try {
      let done = await replay(app, runId, stream, cursor);
      while (!done) {
        const event = await queue.next(stop);
        if (event === undefined) break;
        done = await send(stream, cursor, event);
      }
    } finally {
      off();
    }
  });
}
