/** A run's logs (range reads and a long-poll follow) and its engine events as Server-Sent Events. */
import { z } from '@hono/zod-openapi';
import type { RouteModule } from '../deps.ts';
import { readLogRange } from '../log-reads.ts';
import { json, secured } from '../route-config.ts';
import { ownedRun, RunParams } from '../run-lookup.ts';
import { streamRunEvents } from '../sse.ts';

const LogsQuery = z.object({
  afterSeq: z.coerce.number().int().min(-1).optional().openapi({ description: 'Only chunks after this sequence number (the last `seq` read).' }),
  step: z.string().min(1).max(200).optional().openapi({ description: 'Only this step, as <job>/<index>, or a whole job.', example: 'build/2' }),
  limit: z.coerce.number().int().min(1).max(5000).default(1000).openapi({ description: 'At most this many chunks (default 1000).' }),
  follow: z.enum(['true', 'false']).optional().openapi({ description: 'Long poll: when there is nothing after `afterSeq` yet, wait for it (up to `wait` seconds).' }),
  wait: z.coerce.number().int().min(1).max(60).default(25).openapi({ description: 'With follow: the longest wait, in seconds (default 25).' }),
}).strict();

const Logs = z.object({ chunks: z.array(z.any()), completed: z.boolean() })
  .openapi('Logs', { description: '`chunks`: LogChunk[] in seq order; `completed`: the run is over and nothing follows these chunks.' });

/** GET …/runs/{run}/logs and …/runs/{run}/events. */
export const registerRunLogRoutes: RouteModule = (api, deps) => {
  api.openapi(secured(deps, 'project', 'viewer', {
    method: 'get', path: '/runs/{run}/logs', tags: ['runs'], summary: 'Log chunks of a run after a sequence number; follow with a long poll',
    request: { params: RunParams, query: LogsQuery },
    responses: { 200: json(Logs, 'The chunks (secrets masked).') },
  }), async (c) => {
    const { runId } = ownedRun(deps, c.get('project'), c.req.valid('param').run);
    const { follow, wait, ...query } = c.req.valid('query');
    return c.json(await readLogRange(deps, runId, { ...query, ...(follow === 'true' && { waitMs: wait * 1000 }) }), 200);
  });

  api.openapi(secured(deps, 'project', 'viewer', {
    method: 'get', path: '/runs/{run}/events', tags: ['runs'], summary: 'Engine events of a run as Server-Sent Events',
    description: 'History events (`event:` is the type, e.g. `step.completed`) and log chunks (`event: log`). Each `id` is `<history seq>.<log seq>`; '
      + 'reconnect with `Last-Event-ID` to receive only what was missed. The stream ends after `run.completed`.',
    request: { params: RunParams },
    responses: { 200: { description: 'The event stream.', content: { 'text/event-stream': { schema: z.string() } } } },
  }), (c) => streamRunEvents(c, deps.app, ownedRun(deps, c.get('project'), c.req.valid('param').run).runId, deps.stopping));
};
