/** Runs of a project: list with filters and a cursor, get with jobs and steps, dispatch. */
import { z } from '@hono/zod-openapi';
import type { RunStatus } from '../../core/states.ts';
import type { RouteModule } from '../deps.ts';
import { slugPattern } from '../names.ts';
import { json, jsonBody, ProjectParams, secured } from '../route-config.ts';
import { ownedRun, RunParams } from '../run-lookup.ts';
import { projectRunsJson } from '../run-listing.ts';
import { FinalJson } from '../final-json.ts';
import { conditionalJson, notModified } from '../conditional.ts';

const runStatuses = ['queued', 'running', 'waiting', 'needs-decision', 'completed'] as const;
const stringMap = z.record(z.string(), z.string());
const statusList = new RegExp(`^(${runStatuses.join('|')})(,(${runStatuses.join('|')}))*$`);

const ListRunsQuery = z.object({
  status: z.string().regex(statusList, 'a comma-separated list of run statuses').optional()
    .openapi({ description: `Comma-separated statuses: ${runStatuses.join(', ')}.`, example: 'running,waiting' }),
  workflow: z.string().max(63).regex(slugPattern, 'a workflow id').optional().openapi({ description: 'Only runs of this registered workflow.' }),
  before: z.string().min(1).max(100).optional().openapi({ description: 'Cursor: only runs older than this run id (`next` of the previous page).' }),
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: 'At most this many runs (1–200, default 50).' }),
}).strict();

const DispatchBody = z.object({
  workflow: z.string().max(63).regex(slugPattern, 'a workflow id').openapi({ description: 'Registered workflow id.', example: 'ci' }),
  version: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'a commit sha or content hash').optional().openapi({ description: 'Version to run; default the latest.' }),
  event: z.string().min(1).max(100).optional().openapi({ description: 'Event name; default push, or workflow_dispatch when it is the only trigger.' }),
  inputs: stringMap.optional().openapi({ description: 'workflow_dispatch inputs.' }),
  env: stringMap.optional().openapi({ description: 'Environment variables above the workflow env.' }),
  jobs: z.array(z.string().min(1)).optional().openapi({ description: 'Only these jobs (and the jobs they need).' }),
  matrix: stringMap.optional().openapi({ description: 'Only matrix combinations with these values.' }),
}).strict().openapi('DispatchRequest');

/** A run started or continued by a request. */
export const RunAccepted = z.object({ runId: z.string(), workflow: z.string().optional(), version: z.string().optional(), warnings: z.array(z.string()).optional() }).openapi('RunAccepted');
const RunList = z.object({ runs: z.array(z.any()), next: z.string().optional() })
  .openapi('RunList', { description: '`runs`: RunListItem plus `workflow` and `version`, newest first; pass `next` as `before` for the next page.' });
const RunView = z.any().openapi('RunView', { type: 'object', description: 'A run with its jobs and steps (core/views.ts RunView), plus `project`, `workflow` and `version`.' });

/** Serialised answers of `GET …/runs/{run}` for completed runs. */
const finalViews = new FinalJson(16_000_000);

/** GET/POST …/runs, GET …/runs/{run}. */
export const registerRunRoutes: RouteModule = (api, deps) => {
  api.openapi(secured(deps, 'project', 'viewer', {
    method: 'get', path: '/runs', tags: ['runs'], summary: 'List the project\'s runs, newest first', request: { params: ProjectParams, query: ListRunsQuery },
    responses: { 200: json(RunList, 'A page of runs (with an `ETag`).'), 304: notModified },
  }), async (c) => {
    const { status, ...rest } = c.req.valid('query');
    const { body, etag, gzipped } = await projectRunsJson(deps, c.get('project'), { ...rest, ...(status !== undefined && { status: status.split(',') as RunStatus[] }) });
    // The body as c.json would write it, with what is final serialised (and gzipped) once (run-listing.ts).
    return conditionalJson(c, body, etag, gzipped) as never;
  });

  api.openapi(secured(deps, 'project', 'operator', {
    method: 'post', path: '/runs', tags: ['runs'], summary: 'Dispatch a run of a registered workflow (a version\'s snapshot)',
    description: 'The project\'s variables and secrets reach the run as `vars` and `secrets`.',
    request: { params: ProjectParams, ...jsonBody(DispatchBody) },
    responses: { 202: json(RunAccepted, 'The run is created durably and executing.') },
  }), async (c) => c.json(await deps.dispatch({ ...c.req.valid('json'), project: c.get('project'), actor: c.get('token').name }), 202));

  api.openapi(secured(deps, 'project', 'viewer', {
    method: 'get', path: '/runs/{run}', tags: ['runs'], summary: 'A run with its jobs and steps', request: { params: RunParams },
    responses: { 200: json(RunView, 'The run (with an `ETag`).'), 304: notModified },
  }), async (c) => {
    const owner = ownedRun(deps, c.get('project'), c.req.valid('param').run);
    const view = await deps.app.getRun(owner.runId);
    const body = { ...view, project: owner.project, workflow: owner.workflowId, version: owner.version };
    const { text, etag } = finalViews.tagged(owner.runId, view.status === 'completed', body);
    return conditionalJson(c, text, etag) as never;
  });
};
