/** The project's webhook secrets: which senders have one, and generating (or replacing) one. */
import { z } from '@hono/zod-openapi';
import type { RouteModule } from '../deps.ts';
import { webhookKinds } from '../registry/webhook-secrets.ts';
import { json, ProjectParams, secured } from '../route-config.ts';

const kind = z.enum(webhookKinds as ['github', 'gitlab', 'hmac']);
const KindParams = ProjectParams.extend({
  kind: kind.openapi({ param: { name: 'kind', in: 'path' }, description: 'The sender: github (X-Hub-Signature-256), gitlab (X-Gitlab-Token) or hmac.' }),
}).strict();
const Configured = z.object({ kind, createdAt: z.number() }).openapi('WebhookSecretInfo');

/** GET …/webhook-secrets, POST …/webhook-secrets/{kind}. */
export const registerWebhookSecretRoutes: RouteModule = (api, deps) => {
  api.openapi(secured(deps, 'project', 'viewer', {
    method: 'get', path: '/webhook-secrets', tags: ['webhooks'], summary: 'Which webhook senders have a secret (never the secrets)', request: { params: ProjectParams },
    responses: { 200: json(z.object({ webhookSecrets: z.array(Configured) }), 'By kind.') },
  }), (c) => c.json({ webhookSecrets: deps.webhooks.list(c.get('project')) }, 200));

  api.openapi(secured(deps, 'project', 'admin', {
    method: 'post', path: '/webhook-secrets/{kind}', tags: ['webhooks'], summary: 'Generate the webhook secret of a sender (replacing any); shown once',
    request: { params: KindParams },
    responses: { 201: json(Configured.extend({ secret: z.string() }).openapi('WebhookSecret'), 'The secret: configure it on the forge now; it is not shown again.') },
  }), (c) => {
    const { kind: k } = c.req.valid('param');
    return c.json({ kind: k, ...deps.webhooks.generate(c.get('project'), k) }, 201);
  });
};
