/**
 * One request through the mock: find the operation in GitHub's description, validate the request
 * against it (a broken request is answered 400 and recorded as a violation), authenticate, apply a
 * scripted rate limit, run the scripted or default handler, and check the response against the
 * description too.
 */
import { failure, type Caller, type Handler, type MockRequest, type MockResponse } from './handler-kit.ts';
import { issueHandlers } from './issue-handlers.ts';
import type { MockAuth } from './mock-auth.ts';
import type { MockState } from './mock-state.ts';
import { githubSpec, type RouteMatch } from './openapi-spec.ts';
import { pullHandlers } from './pull-handlers.ts';
import { statusHandlers } from './status-handlers.ts';
import { validateRequest, validateResponse } from './validators.ts';

/** A handler a test installs for one operation; `undefined` falls through to the default. */
export type ScriptedHandler = (request: MockRequest) => MockResponse | undefined;

/** A pending scripted rate limit. */
export interface RateLimitScript {
  requests: number;
  resetAt: Date;
  /** Secondary limits answer with `retry-after` (seconds) instead of an exhausted quota. */
  retryAfterSeconds?: number;
}

/** One request the mock received. */
export interface RecordedRequest {
  method: string;
  path: string;
  operationId?: string;
  status: number;
  caller?: Caller['kind'];
}

/** Everything dispatch needs, shared with the mock's controls. */
export interface DispatchContext {
  state: MockState;
  auth: MockAuth;
  webUrl: string;
  scripts: Map<string, ScriptedHandler>;
  rateLimits: RateLimitScript[];
  violations: string[];
  requests: RecordedRequest[];
  rateLimited: number;
}

/** The raw request as the HTTP server read it. */
export interface RawRequest {
  method: string;
  /** Path and query, without the API prefix. */
  url: string;
  authorization?: string;
  body: string;
}

const defaults = (auth: MockAuth): Record<string, Handler> => ({
  ...pullHandlers, ...issueHandlers, ...statusHandlers, 'apps/create-installation-access-token': auth.createInstallationToken,
});

/** Answers one request and records it. */
export function dispatch(ctx: DispatchContext, raw: RawRequest): MockResponse {
  const url = new URL(raw.url, 'http://mock.invalid');
  const route = githubSpec().match(raw.method, url.pathname);
  const response = route ? answer(ctx, raw, url, route) : violation(ctx, `${raw.method} ${url.pathname}: no operation of GitHub's description matches`, 404);
  ctx.requests.push({ method: raw.method, path: url.pathname, status: response.status, ...(route ? { operationId: route.operation.operationId } : {}) });
  return response;
}

function violation(ctx: DispatchContext, message: string, status: number, errors: string[] = []): MockResponse {
  ctx.violations.push(errors.length ? `${message}: ${errors.join('; ')}` : message);
  return { status, body: { message: `mock: ${message}`, errors } };
}

function answer(ctx: DispatchContext, raw: RawRequest, url: URL, route: RouteMatch): MockResponse {
  const { operation, pathParams } = route;
  const where = `${raw.method} ${url.pathname} (${operation.operationId})`;
  let body: unknown;
  try {
    body = raw.body.trim() === '' ? undefined : JSON.parse(raw.body);
  } catch {
    return violation(ctx, `${where}: the body is not JSON`, 400);
  }
  const problems = validateRequest(operation, { pathParams, query: url.searchParams, body });
  if (problems.length) return violation(ctx, `${where}: the request does not match GitHub's description`, 400, problems);
  const caller = ctx.auth.authenticate(raw.authorization, operation.template.startsWith('/app/'));
  if ('status' in caller) return caller;
  const limited = rateLimit(ctx);
  if (limited) return limited;
  const request: MockRequest = { operationId: operation.operationId, method: raw.method, path: url.pathname, pathParams, query: url.searchParams, body, caller, state: ctx.state, webUrl: ctx.webUrl };
  const response = ctx.scripts.get(operation.operationId)?.(request) ?? defaults(ctx.auth)[operation.operationId]?.(request)
    ?? violation(ctx, `${where}: the mock has no default for this operation; script it`, 501);
  const invalid = response.status < 300 ? validateResponse(operation, response.status, response.body) : [];
  if (invalid.length) ctx.violations.push(`${where}: the mock's response does not match GitHub's description: ${invalid.join('; ')}`);
  return response;
}

function rateLimit(ctx: DispatchContext): MockResponse | undefined {
  const script = ctx.rateLimits[0];
  if (!script) return undefined;
  if (--script.requests <= 0) ctx.rateLimits.shift();
  ctx.rateLimited++;
  const reset = String(Math.floor(script.resetAt.getTime() / 1000));
  if (script.retryAfterSeconds !== undefined) {
    const response = failure(403, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.');
    return { ...response, headers: { 'retry-after': String(script.retryAfterSeconds) } };
  }
  const response = failure(403, 'API rate limit exceeded for user ID 1. (But here\'s the good news: Authenticated requests get a higher rate limit.)');
  return { ...response, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset, 'x-ratelimit-used': '5000' } };
}

/** The rate-limit headers GitHub sends on every answer. */
export function quotaHeaders(): Record<string, string> {
  return { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-used': '1', 'x-ratelimit-resource': 'core', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) };
}
