/**
 * The route declarations: method, path, request schemas and responses. The OpenAPI document is
 * generated from exactly these, so a route cannot be served without being documented.
 */
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import {
  ApproveBody, DispatchBody, ErrorBody, ListRunsQuery, LogsBody, LogsQuery, RetryBody, RunAccepted, RunIdParams, RunListBody, RunViewBody,
} from './schemas.ts';

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });
const errors = {
  400: errorResponse('The request is malformed (ADO_REQUEST_INVALID) or refused as bad input.'),
  401: errorResponse('No valid API token (ADO_UNAUTHENTICATED).'),
  403: errorResponse('The token\'s role does not allow this (ADO_FORBIDDEN).'),
  404: errorResponse('No such run (ADO_RUN_NOT_FOUND).'),
} as const;
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const jsonBody = <T extends z.ZodType>(schema: T, required: boolean) => ({ body: { content: { 'application/json': { schema } }, required } });
const secured = { security: [{ bearer: [] }] };

function route<R extends RouteConfig>(config: R): R {
  return createRoute({ ...secured, ...config });
}

/** GET /v1/runs. */
export const listRunsRoute = route({
  method: 'get', path: '/v1/runs', tags: ['runs'], summary: 'List runs, newest first', request: { query: ListRunsQuery },
  responses: { 200: json(RunListBody, 'A page of runs.'), 400: errors[400], 401: errors[401], 403: errors[403] },
});

/** GET /v1/runs/{id}. */
export const getRunRoute = route({
  method: 'get', path: '/v1/runs/{id}', tags: ['runs'], summary: 'A run with its jobs and steps', request: { params: RunIdParams },
  responses: { 200: json(RunViewBody, 'The run.'), ...errors },
});

/** POST /v1/runs. */
export const dispatchRoute = route({
  method: 'post', path: '/v1/runs', tags: ['runs'], summary: 'Dispatch a run of a workflow', request: jsonBody(DispatchBody, true),
  responses: { 202: json(RunAccepted, 'The run is created durably and executing.'), ...errors },
});

/** POST /v1/runs/{id}/cancel. */
export const cancelRoute = route({
  method: 'post', path: '/v1/runs/{id}/cancel', tags: ['runs'], summary: 'Cancel a run gracefully', request: { params: RunIdParams },
  responses: { 202: json(RunAccepted, 'The cancellation is recorded.'), ...errors, 409: errorResponse('The run is already completed (ADO_RUN_STATE).') },
});

/** POST /v1/runs/{id}/approve. */
export const approveRoute = route({
  method: 'post', path: '/v1/runs/{id}/approve', tags: ['runs'], summary: 'Approve or reject the gate a run waits on',
  request: { params: RunIdParams, ...jsonBody(ApproveBody, true) },
  responses: { 202: json(RunAccepted, 'The decision is recorded.'), ...errors, 409: errorResponse('The run waits for no approval (ADO_RUN_STATE).') },
});

/** POST /v1/runs/{id}/retry. */
export const retryRoute = route({
  method: 'post', path: '/v1/runs/{id}/retry', tags: ['runs'], summary: 'Start a new run of the same workflow and trigger',
  request: { params: RunIdParams, ...jsonBody(RetryBody, false) },
  responses: { 202: json(RunAccepted, 'The new run.'), ...errors },
});

/** GET /v1/runs/{id}/logs. */
export const logsRoute = route({
  method: 'get', path: '/v1/runs/{id}/logs', tags: ['runs'], summary: 'Log chunks of a run, after a sequence number',
  request: { params: RunIdParams, query: LogsQuery },
  responses: { 200: json(LogsBody, 'The chunks.'), ...errors },
});

/** GET /v1/runs/{id}/events. */
export const eventsRoute = route({
  method: 'get', path: '/v1/runs/{id}/events', tags: ['runs'], summary: 'Engine events of a run as Server-Sent Events',
  description: 'History events (`event:` is the type, e.g. `step.completed`) and log chunks (`event: log`). Each `id` is `<history seq>.<log seq>`; '
    + 'reconnect with `Last-Event-ID` to receive only what was missed. The stream ends after `run.completed`.',
  request: { params: RunIdParams },
  responses: { 200: { description: 'The event stream.', content: { 'text/event-stream': { schema: z.string() } } }, ...errors },
});

/** GET /metrics. */
export const metricsRoute = route({
  method: 'get', path: '/metrics', tags: ['operations'], summary: 'Prometheus metrics of this process',
  responses: { 200: { description: 'Prometheus text exposition format.', content: { 'text/plain': { schema: z.string() } } }, 401: errors[401], 403: errors[403] },
});

/** GET /healthz: the one route without a token. */
export const healthRoute = createRoute({
  method: 'get', path: '/healthz', tags: ['operations'], summary: 'Liveness: the process serves requests (no token needed)',
  responses: { 200: json(z.object({ status: z.literal('ok') }), 'The server is up.') },
});
