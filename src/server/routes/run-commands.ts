/** What operators do to a run: cancel it, decide its approval gate, retry it as a new run. */
import { z } from '@hono/zod-openapi';
import type { RouteModule } from '../deps.ts';
import { errorOf, json, jsonBody, secured } from '../route-config.ts';
import { ownedRun, RunParams } from '../run-lookup.ts';
import { RunAccepted } from './runs.ts';

const ApproveBody = z.object({
  decision: z.enum(['approve', 'reject']),
  comment: z.string().max(10_000).optional(),
}).strict().openapi('ApproveRequest');

const RetryBody = z.object({
  failedOnly: z.boolean().optional().openapi({ description: 'Rerun only failed jobs, reusing the results of successful ones.' }),
}).strict().openapi('RetryRequest');

/** POST …/runs/{run}/cancel, /approve, /retry. */
export const registerRunCommandRoutes: RouteModule = (api, deps) => {
  api.openapi(secured(deps, 'project', 'operator', {
    method: 'post', path: '/runs/{run}/cancel', tags: ['runs'], summary: 'Cancel a run gracefully', request: { params: RunParams },
    responses: { 202: json(RunAccepted, 'The cancellation is recorded.'), 409: errorOf('The run is already completed (ADO_RUN_STATE).') },
  }), async (c) => {
    const { runId } = ownedRun(deps, c.get('project'), c.req.valid('param').run);
    await deps.app.cancel(runId, `cancelled through the API by ${c.get('token').name}`);
    return c.json({ runId }, 202);
  });

  api.openapi(secured(deps, 'project', 'operator', {
    method: 'post', path: '/runs/{run}/approve', tags: ['runs'], summary: 'Approve or reject the gate a run waits on (the approver is the token\'s name)',
    request: { params: RunParams, ...jsonBody(ApproveBody) },
    responses: { 202: json(RunAccepted, 'The decision is recorded.'), 403: errorOf('The token may not decide this gate (ADO_APPROVAL_DENIED).'), 409: errorOf('The run waits for no approval (ADO_RUN_STATE).') },
  }), async (c) => {
    const { runId } = ownedRun(deps, c.get('project'), c.req.valid('param').run);
    const { decision, comment } = c.req.valid('json');
    const handle = await deps.app.approve(runId, { approve: decision === 'approve', by: c.get('token').name, ...(comment !== undefined && { comment }) });
    handle?.done.catch(() => undefined);
    return c.json({ runId }, 202);
  });

  api.openapi(secured(deps, 'project', 'operator', {
    method: 'post', path: '/runs/{run}/retry', tags: ['runs'], summary: 'Start a new run of the same workflow version and trigger',
    request: { params: RunParams, ...jsonBody(RetryBody, false) },
    responses: { 202: json(RunAccepted, 'The new run.') },
  }), async (c) => {
    const owner = ownedRun(deps, c.get('project'), c.req.valid('param').run);
    const handle = await deps.app.retry(owner.runId, { failedOnly: c.req.valid('json').failedOnly ?? false });
    deps.runs.own({ ...owner, runId: handle.runId, createdAt: deps.now() });
    await deps.events.claimed(handle.runId);
    handle.done.catch(() => undefined);
    return c.json({ runId: handle.runId, workflow: owner.workflowId, version: owner.version }, 202);
  });
};
