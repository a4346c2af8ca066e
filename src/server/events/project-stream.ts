/**
 * A project's events as Server-Sent Events: every history event of its runs, from the journal.
 * Each event's `id` is its journal sequence number; a client reconnecting with `Last-Event-ID`
 * gets exactly what it missed (also across server restarts), then live events. A comment line
 * every 15 s keeps idle connections open through proxies. The stream ends when the client goes
 * away or the server stops.
 */
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { EventQueue } from '../sse.ts';
import type { ProjectEvent, ProjectEvents } from './project-events.ts';

const pageSize = 500;
const heartbeatMs = 15_000;

/** The journal position a `Last-Event-ID` names (0, the start, when absent or malformed). */
export function parseJournalId(id: string | undefined): number {
  return /^\d{1,15}$/.test(id ?? '') ? Number(id) : 0;
}

async function send(stream: SSEStreamingApi, e: ProjectEvent): Promise<void> {
  await stream.writeSSE({ id: String(e.seq), event: e.event.type, data: JSON.stringify({ runId: e.runId, event: e.event }) });
}

/** Streams the project's events after the client's last one, then live ones. */
export function streamProjectEvents(c: Context, events: ProjectEvents, project: string, stopping: Promise<void>): Response {
  let cursor = parseJournalId(c.req.header('last-event-id'));
  return streamSSE(c, async (stream) => {
    const queue = new EventQueue<ProjectEvent>();
    const off = events.subscribe(project, (e) => queue.push(e));
    let stopped = false;
    const stop = Promise.race([new Promise<void>((resolve) => stream.onAbort(resolve)), stopping]).then(() => (stopped = true));
    try {
      for (let page = events.after(project, cursor, pageSize); page.length > 0; page = events.after(project, cursor, pageSize)) {
        for (const e of page) await send(stream, e);
        cursor = page.at(-1)!.seq;
      }
      while (!stopped) {
        const e = await queue.next(Promise.race([stop, new Promise((r) => setTimeout(r, heartbeatMs).unref())]));
        if (e === undefined) {
          if (!stopped) await stream.write(': keep-alive\n\n');
        } else if (e.seq > cursor) {
          await send(stream, e);
          cursor = e.seq;
        }
      }
    } finally {
      off();
    }
  });
}
