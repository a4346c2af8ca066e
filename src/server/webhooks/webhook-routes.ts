/**
 * `POST /v1/projects/{project}/webhooks/github|gitlab|generic`. No bearer token: the signature is
 * the authentication, so these routes must be mounted outside the token middleware.
 *
 * 401 unsigned or forged (ADO_WEBHOOK_SIGNATURE) · 404 unknown project · 400 malformed body or
 * missing delivery headers · 200 `{ ignored: 'duplicate delivery' }` for a delivery id seen before ·
 * 202 `{ runs: [], ignored }` for an event that starts nothing · 202 `{ runs: [...] }` otherwise.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AutodevopsError } from '../../core/errors.ts';
import { errorResponse } from '../errors.ts';
import { dispatchDelivery, type DeliveryOutcome } from './dispatch-delivery.ts';
import type { ParsedDelivery } from './parsed-delivery.ts';
import type { WebhookDeps } from './webhook-deps.ts';
import { readDelivery, type WebhookRoute } from './webhook-request.ts';

const ProjectParams = z.object({
  project: z.string().min(1).max(100).openapi({ param: { name: 'project', in: 'path' }, description: 'Project name.', example: 'shop' }),
});

const WebhookResult = z.object({
  runs: z.array(z.object({ workflow: z.string(), event: z.string(), runId: z.string() })),
  ignored: z.string().optional().openapi({ description: 'Why the delivery started nothing.' }),
  notMatched: z.array(z.object({ workflow: z.string(), reason: z.string() })).optional(),
  failed: z.array(z.object({ workflow: z.string(), event: z.string(), code: z.string(), message: z.string() })).optional(),
}).openapi('WebhookResult');

const ErrorShape = z.object({ error: z.object({ code: z.string(), message: z.string(), hint: z.string(), diagnostics: z.array(z.unknown()) }) });
const error = (description: string) => ({ description, content: { 'application/json': { schema: ErrorShape } } });

const headers: Record<WebhookRoute, Record<string, string>> = {
  github: {
    'x-hub-signature-256': '`sha256=<hex>`: HMAC-SHA256 of the raw body with the project\'s GitHub webhook secret.',
    'x-github-event': 'The event name (push, pull_request, issues, issue_comment, release, workflow_dispatch, repository_dispatch).',
    'x-github-delivery': 'The delivery id; a repeated id is ignored.',
  },
  gitlab: {
    'x-gitlab-token': 'The project\'s GitLab webhook secret token.',
    'x-gitlab-event': 'The hook name (Push Hook, Tag Push Hook, Merge Request Hook, Note Hook, Issue Hook).',
    'idempotency-key': 'The delivery id, the same across GitLab\'s retries (else X-Gitlab-Event-UUID is used).',
    'x-gitlab-event-uuid': 'The delivery id of GitLab versions that send no Idempotency-Key.',
  },
  generic: {
    'x-autodevops-signature': '`sha256=<hex>`: HMAC-SHA256 of `<timestamp>.<delivery>.<event>.` followed by the raw body.',
    'x-autodevops-timestamp': 'Unix seconds; refused when more than 300 s from the server\'s clock.',
    'x-autodevops-delivery': 'The delivery id; a repeated id is ignored.',
    'x-autodevops-event': 'A GitHub event name; the body follows that event\'s payload shape (e.g. repository_dispatch).',
  },
};

const summaries: Record<WebhookRoute, string> = {
  github: 'Receive a GitHub webhook delivery',
  gitlab: 'Receive a GitLab webhook delivery',
  generic: 'Receive a delivery signed with the generic HMAC scheme',
};

function webhookRoute(route: WebhookRoute) {
  const headerSchema = z.object(Object.fromEntries(Object.entries(headers[route]).map(([name, description]) => [name, z.string().optional().openapi({ description })])));
  return createRoute({
    method: 'post', path: `/v1/projects/{project}/webhooks/${route}`, tags: ['webhooks'], summary: summaries[route],
    description: 'Authenticated by its signature, not by a bearer token. Starts a run of every workflow of the project whose `on:` filters match. See docs/webhooks.md.',
    security: [],
    request: {
      params: ProjectParams, headers: headerSchema,
      // A plain schema (not zod): documented, but not parsed before the signature is checked over the raw bytes.
      body: { required: true, content: { 'application/json': { schema: { type: 'object', description: 'The forge\'s event payload.' } } } },
    },
    responses: {
      200: { description: 'A repeated delivery: nothing started.', content: { 'application/json': { schema: WebhookResult } } },
      202: { description: 'The runs started (possibly none, with the reason).', content: { 'application/json': { schema: WebhookResult } } },
      400: error('The body is not a JSON object, or a delivery header is missing (ADO_REQUEST_INVALID).'),
      401: error('Unsigned, forged, or (generic) stale delivery (ADO_WEBHOOK_SIGNATURE).'),
      404: error('No such project (ADO_PROJECT_NOT_FOUND).'),
    },
  });
}

/** The JSON answer to a delivery that was acted on. */
function resultBody(outcome: DeliveryOutcome): z.infer<typeof WebhookResult> {
  return {
    runs: outcome.runs,
    ...(outcome.runs.length === 0 && outcome.failed.length === 0 && { ignored: outcome.ignored ?? 'no workflow of the project matches this delivery' }),
    ...(outcome.notMatched.length > 0 && { notMatched: outcome.notMatched }),
    ...(outcome.failed.length > 0 && { failed: outcome.failed.map(({ workflow, event, error: e }) => ({ workflow, event, code: e.code, message: e.message })) }),
  };
}

/** Dispatches a recorded delivery; when no run at all could be started, the record is dropped so a redelivery retries. */
async function dispatchRecorded(deps: WebhookDeps, project: string, deliveryId: string, delivery: ParsedDelivery): Promise<DeliveryOutcome> {
  let outcome: DeliveryOutcome;
  try {
    outcome = await dispatchDelivery(deps, project, delivery);
  } catch (e) {
    deps.forgetDelivery(project, deliveryId);
    throw e;
  }
  const first = outcome.failed[0];
  if (outcome.runs.length === 0 && first !== undefined) {
    deps.forgetDelivery(project, deliveryId);
    throw new AutodevopsError(first.error.code, `no run could be started; ${first.workflow}: ${first.error.message}`, { hint: first.error.hint, cause: first.error });
  }
  return outcome;
}

async function handle(route: WebhookRoute, c: Context, deps: WebhookDeps): Promise<Response> {
  try {
    const project = c.req.param('project') ?? '';
    if (!deps.projectExists(project)) throw new AutodevopsError('ADO_PROJECT_NOT_FOUND', `no project "${project}"`);
    const body = new Uint8Array(await c.req.arrayBuffer());
    const { deliveryId, result } = readDelivery(route, { project, body, header: (name) => c.req.header(name) }, deps);
    if ('ignored' in result) return c.json({ runs: [], ignored: result.ignored }, 202);
    if (!deps.recordDelivery(project, deliveryId)) return c.json({ runs: [], ignored: 'duplicate delivery' }, 200);
    return c.json(resultBody(await dispatchRecorded(deps, project, deliveryId, result.delivery)), 202);
  } catch (e) {
    return errorResponse(c, e);
  }
}

/** Registers the three webhook routes on `api`; they appear in its OpenAPI document. */
export function registerWebhookRoutes(api: OpenAPIHono<any>, deps: WebhookDeps): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const route of ['github', 'gitlab', 'generic'] as const) {
    // Errors are answered with errorResponse (a plain Response), which the typed-response check cannot see.
    api.openapi(webhookRoute(route), (c) => handle(route, c, deps) as never);
  }
}
