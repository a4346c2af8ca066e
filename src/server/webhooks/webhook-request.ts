/**
 * From an HTTP request to an authenticated, parsed delivery, per webhook kind. The raw body is read
 * once and the signature checked over those exact bytes, before anything of it is parsed.
 */
import { AutodevopsError } from '../../core/errors.ts';
import { parseGithubDelivery } from './github-delivery.ts';
import { parseGitlabDelivery } from './gitlab-delivery.ts';
import { isObject, type JsonObject, type ParseResult } from './parsed-delivery.ts';
import { checkGenericDelivery, verifyGithubSignature, verifyGitlabToken } from './signatures.ts';
import type { WebhookDeps, WebhookKind } from './webhook-deps.ts';

/** The URL segment of each webhook route. */
export type WebhookRoute = 'github' | 'gitlab' | 'generic';

/** A request as the webhook handling reads it. */
export interface WebhookRequest {
  project: string;
  body: Uint8Array;
  header(name: string): string | undefined;
}

const secretKind: Record<WebhookRoute, WebhookKind> = { github: 'github', gitlab: 'gitlab', generic: 'hmac' };

const forged = (message: string): AutodevopsError => new AutodevopsError('ADO_WEBHOOK_SIGNATURE', message);
const malformed = (message: string): AutodevopsError => new AutodevopsError('ADO_REQUEST_INVALID', message);

function required(request: WebhookRequest, name: string): string {
  const value = request.header(name)?.trim();
  if (!value) throw malformed(`the delivery has no ${name} header`);
  if (value.length > 200) throw malformed(`the ${name} header is longer than 200 characters`);
  return value;
}

/** The body as a JSON object: raw JSON, or GitHub's form encoding (`payload=<json>`). */
export function jsonBody(body: Uint8Array, contentType: string | undefined): JsonObject {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw malformed('the delivery body is not UTF-8 text');
  }
  if (contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) text = new URLSearchParams(text).get('payload') ?? '';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw malformed(`the delivery body is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(value)) throw malformed('the delivery body must be a JSON object');
  return value;
}

/** Checks the signature and returns the delivery id, the event name and the parsed delivery. */
function github(request: WebhookRequest, secret: string): { deliveryId: string; parse(json: JsonObject): ParseResult } {
  if (!verifyGithubSignature(secret, request.body, request.header('x-hub-signature-256'))) {
    throw forged('the X-Hub-Signature-256 header is missing or does not match the body');
  }
  const deliveryId = required(request, 'X-GitHub-Delivery');
  const event = required(request, 'X-GitHub-Event');
  return { deliveryId, parse: (json) => parseGithubDelivery(event, json, { forge: 'github', deliveryId }) };
}

function gitlab(request: WebhookRequest, secret: string): { deliveryId: string; parse(json: JsonObject): ParseResult } {
  if (!verifyGitlabToken(secret, request.header('x-gitlab-token'))) throw forged('the X-Gitlab-Token header is missing or wrong');
  // Idempotency-Key stays the same across GitLab's retries; older GitLab versions send only the event UUID.
  const deliveryId = required(request, request.header('idempotency-key')?.trim() ? 'Idempotency-Key' : 'X-Gitlab-Event-UUID');
  return { deliveryId, parse: (json) => parseGitlabDelivery(request.header('x-gitlab-event'), json, deliveryId) };
}

function generic(request: WebhookRequest, secret: string, now: number): { deliveryId: string; parse(json: JsonObject): ParseResult } {
  const signature = request.header('x-autodevops-signature');
  if (!signature) throw forged('the delivery has no X-Autodevops-Signature header');
  const deliveryId = required(request, 'X-Autodevops-Delivery');
  const event = required(request, 'X-Autodevops-Event');
  const timestamp = required(request, 'X-Autodevops-Timestamp');
  const refusal = checkGenericDelivery(secret, { timestamp, deliveryId, event, body: request.body }, signature, now);
  if (refusal) throw forged(refusal);
  return { deliveryId, parse: (json) => parseGithubDelivery(event, json, { forge: 'generic', deliveryId }) };
}

/** Authenticates the request (401 ADO_WEBHOOK_SIGNATURE), then reads its delivery id and parses the body (400 on bad input). */
export function readDelivery(route: WebhookRoute, request: WebhookRequest, deps: WebhookDeps): { deliveryId: string; result: ParseResult } {
  const secret = deps.secretOf(request.project, secretKind[route]);
  if (!secret) {
    throw new AutodevopsError('ADO_WEBHOOK_SIGNATURE', `project "${request.project}" has no ${secretKind[route]} webhook secret, so no delivery can be verified`, {
      hint: 'Set the webhook secret of the project (see docs/webhooks.md), and the same secret on the forge.',
    });
  }
  const now = (deps.now ?? Date.now)();
  const authenticated = route === 'github' ? github(request, secret) : route === 'gitlab' ? gitlab(request, secret) : generic(request, secret, now);
  const json = jsonBody(request.body, request.header('content-type'));
  return { deliveryId: authenticated.deliveryId, result: authenticated.parse(json) };
}
