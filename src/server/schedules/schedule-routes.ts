/** `GET /v1/projects/{project}/schedules`: the project's crons with their last and next fire. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { AutodevopsError } from '../../core/errors.ts';
import { errorResponse } from '../errors.ts';
import type { ScheduleRow } from './schedule-store.ts';

/** What the schedules route needs. */
export interface ScheduleRouteDeps {
  projectExists(project: string): boolean;
  /** The project's schedules (ScheduleStore.list). */
  schedulesOf(project: string): ScheduleRow[];
  /** The API's token check for project routes (viewer), when the server has one. */
  access?: MiddlewareHandler;
}

const ProjectParams = z.object({
  project: z.string().min(1).max(100).openapi({ param: { name: 'project', in: 'path' }, description: 'Project name.', example: 'shop' }),
});

const iso = z.string().openapi({ format: 'date-time' });

const ScheduleList = z.object({
  schedules: z.array(z.object({
    workflow: z.string(),
    cron: z.string().openapi({ description: 'Five fields, UTC.', example: '30 5 * * 1-5' }),
    lastFiredAt: iso.nullable().openapi({ description: 'The occurrence last fired (its scheduled time).' }),
    nextDueAt: iso,
    lastRunId: z.string().nullable(),
    lastStatus: z.enum(['dispatching', 'dispatched', 'failed', 'unconfirmed']).nullable()
      .openapi({ description: '`unconfirmed`: the process stopped between recording the fire and starting the run; it is not fired again.' }),
    lastError: z.string().nullable(),
    skippedTotal: z.number().int().openapi({ description: 'Occurrences skipped by the catch-up policy (docs/schedules.md).' }),
  })),
}).openapi('ScheduleList');

const ErrorShape = z.object({ error: z.object({ code: z.string(), message: z.string(), hint: z.string(), diagnostics: z.array(z.unknown()) }) });

/** The route, behind `access` (the API's project token check) when given. */
function scheduleRoute(access: MiddlewareHandler | undefined) {
  return createRoute({
    method: 'get', path: '/v1/projects/{project}/schedules', tags: ['schedules'], summary: 'The project\'s on.schedule crons, last and next fire',
    security: [{ bearer: [] }],
    middleware: access ? [access] : [],
    ...(access && { 'x-min-role': 'viewer', 'x-scope': 'project' }),
    request: { params: ProjectParams },
    responses: {
      200: { description: 'The schedules, by workflow and cron.', content: { 'application/json': { schema: ScheduleList } } },
      404: { description: 'No such project (ADO_PROJECT_NOT_FOUND).', content: { 'application/json': { schema: ErrorShape } } },
    },
  });
}

const isoOrNull = (time: number | undefined): string | null => (time === undefined ? null : new Date(time).toISOString());

function view(row: ScheduleRow): z.infer<typeof ScheduleList>['schedules'][number] {
  return {
    workflow: row.workflowId, cron: row.cron, lastFiredAt: isoOrNull(row.lastFiredAt), nextDueAt: new Date(row.nextDueAt).toISOString(),
    lastRunId: row.lastRunId ?? null, lastStatus: row.lastStatus ?? null, lastError: row.lastError ?? null, skippedTotal: row.skippedTotal,
  };
}

/** Registers `GET /v1/projects/{project}/schedules` on `api` (behind the API's token middleware). */
export function registerScheduleRoutes(api: OpenAPIHono<any>, deps: ScheduleRouteDeps): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  // Behind the project's token check (viewer) when the server gives one; documented with its scope and role.
  api.openapi(scheduleRoute(deps.access), (c) => {
    const { project } = c.req.valid('param');
    if (!deps.projectExists(project)) return errorResponse(c, new AutodevopsError('ADO_PROJECT_NOT_FOUND', `no project "${project}"`)) as never;
    return c.json({ schedules: deps.schedulesOf(project).map(view) }, 200);
  });
}
