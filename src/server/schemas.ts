/**
 * The request and response shapes of the API, as zod schemas: the routes validate requests against
 * them and the OpenAPI document is generated from them. Request objects are strict (an unknown
 * field is an error, never silently ignored).
 */
import { z } from '@hono/zod-openapi';

const runStatuses = ['queued', 'running', 'waiting', 'needs-decision', 'completed'] as const;
const stringMap = z.record(z.string(), z.string());

/** `{id}` of a run: its id or a unique prefix. */
export const RunIdParams = z.object({
  id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' }, description: 'Run id, or a unique prefix of one.', example: '01jdx3' }),
}).strict();

/** Filters and cursor of GET /v1/runs. */
export const ListRunsQuery = z.object({
  status: z.string().regex(new RegExp(`^(${runStatuses.join('|')})(,(${runStatuses.join('|')}))*$`), 'a comma-separated list of run statuses').optional()
    .openapi({ description: `Comma-separated statuses: ${runStatuses.join(', ')}.`, example: 'running,waiting' }),
  before: z.string().min(1).optional().openapi({ description: 'Cursor: only runs older than this run id (the last id of the previous page).' }),
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: 'At most this many runs (1–200, default 50).' }),
}).strict();

/** Query of GET /v1/runs/{id}/logs. */
export const LogsQuery = z.object({
  afterSeq: z.coerce.number().int().min(-1).optional().openapi({ description: 'Only chunks after this sequence number (the last `seq` read).' }),
  step: z.string().min(1).optional().openapi({ description: 'Only this step, as <job>/<index>, or a whole job.', example: 'build/2' }),
}).strict();

/** Body of POST /v1/runs. */
export const DispatchBody = z.object({
  workflow: z.string().min(1).openapi({ description: 'Workflow file or directory, relative to the server\'s working directory.', example: '.github/workflows/ci.yml' }),
  event: z.string().min(1).optional().openapi({ description: 'Event name; default push, or workflow_dispatch when it is the only trigger.' }),
  inputs: stringMap.optional().openapi({ description: 'workflow_dispatch inputs.' }),
  vars: stringMap.optional().openapi({ description: 'Configuration variables (vars context).' }),
  secrets: stringMap.optional().openapi({ description: 'Secrets; never echoed back.' }),
  env: stringMap.optional().openapi({ description: 'Environment variables above the workflow env.' }),
  jobs: z.array(z.string().min(1)).optional().openapi({ description: 'Only these jobs (and the jobs they need).' }),
  matrix: stringMap.optional().openapi({ description: 'Only matrix combinations with these values.' }),
}).strict().openapi('DispatchRequest');

/** Body of POST /v1/runs/{id}/approve. */
export const ApproveBody = z.object({
  decision: z.enum(['approve', 'reject']),
  comment: z.string().max(10_000).optional(),
}).strict().openapi('ApproveRequest');

/** Body of POST /v1/runs/{id}/retry (may be empty). */
export const RetryBody = z.object({
  failedOnly: z.boolean().optional().openapi({ description: 'Rerun only failed jobs, reusing the results of successful ones.' }),
}).strict().openapi('RetryRequest');

/** The error body of every 4xx/5xx. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string().openapi({ example: 'ADO_RUN_NOT_FOUND' }),
    message: z.string(),
    hint: z.string(),
    diagnostics: z.array(z.unknown()),
  }),
}).openapi('Error');

/** A run started or continued by a request. */
export const RunAccepted = z.object({ runId: z.string(), warnings: z.array(z.string()).optional() }).openapi('RunAccepted');

/** Response bodies that mirror the App API's read models (documented, not re-validated). */
export const RunViewBody = z.any().openapi('RunView', { type: 'object', description: 'A run with its jobs and steps (core/views.ts RunView).' });
/** A page of runs. */
export const RunListBody = z.any().openapi('RunList', { type: 'object', description: '`{ runs: RunListItem[], next?: string }`; pass `next` as `before` for the next page.' });
/** Log chunks. */
export const LogsBody = z.any().openapi('Logs', { type: 'object', description: '`{ chunks: LogChunk[] }`, ordered by seq.' });
