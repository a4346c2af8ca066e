/** Operations: liveness without a token, Prometheus metrics for server-wide tokens. */
import { createRoute, z } from '@hono/zod-openapi';
import type { RouteModule } from '../deps.ts';
import { json, secured } from '../route-config.ts';

/** GET /healthz, GET /metrics. */
export const registerOperationRoutes: RouteModule = (api, deps) => {
  api.openapi(createRoute({
    method: 'get', path: '/healthz', tags: ['operations'], summary: 'Liveness: the process serves requests (no token needed)',
    responses: { 200: json(z.object({ status: z.literal('ok') }), 'The server is up.') },
  }), (c) => c.json({ status: 'ok' as const }, 200));

  api.openapi(secured(deps, 'server', 'viewer', {
    method: 'get', path: '/metrics', tags: ['operations'], summary: 'Prometheus metrics of this process (all projects: server-wide tokens only)',
    responses: { 200: { description: 'Prometheus text exposition format.', content: { 'text/plain': { schema: z.string() } } } },
  }), async (c) => c.text(await deps.app.renderMetrics(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }));
};
