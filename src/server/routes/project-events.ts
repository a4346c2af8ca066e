/** GET /v1/projects/{project}/events: the project's run events, resumable with Last-Event-ID. */
import { z } from '@hono/zod-openapi';
import type { RouteModule } from '../deps.ts';
import { streamProjectEvents } from '../events/project-stream.ts';
import { ProjectParams, secured } from '../route-config.ts';

/** The project event stream. */
export const registerProjectEventRoutes: RouteModule = (api, deps) => {
  api.openapi(secured(deps, 'project', 'viewer', {
    method: 'get', path: '/events', tags: ['runs'], summary: 'History events of every run of the project, as Server-Sent Events',
    description: '`event:` is the history event type (e.g. `run.completed`), `data` is `{ runId, event }`, and `id` a journal position: '
      + 'reconnect with `Last-Event-ID` to receive only what was missed, also after a server restart. Log chunks are on the per-run stream.',
    request: { params: ProjectParams },
    responses: { 200: { description: 'The event stream.', content: { 'text/event-stream': { schema: z.string() } } } },
  }), (c) => streamProjectEvents(c, deps.events, c.get('project'), deps.stopping));
};
