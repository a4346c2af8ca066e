/**
 * One request through the GitLab mock: find the route, read the body as GitLab does (JSON, a
 * multipart form or a URL-encoded form, `a[b]` keys nested), validate path, query and body against
 * the route's schemas (a broken request is answered 400 and recorded as a violation naming the
 * operationId and the field), authenticate, apply a scripted rate limit, run the scripted or
 * default handler, and check a default answer's fields against the description's entity.
 */
import type { ZodType } from 'zod';
import type { MockRequest, MockResponse } from './handler-kit.ts';
import type { MockWorld } from './mock-world.ts';
import { undocumentedFields } from './official-description.ts';
import { defaultHandlers, describeRoute, matchRoute, pathSchemas, routesOnPath, type Route, type RouteMatch } from './routes.ts';

/** A handler a test installs for one route; `undefined` falls through to the default. */
export type ScriptedHandler = (request: MockRequest) => MockResponse | undefined;

/** One request the mock received. */
export interface RecordedRequest {
  method: string;
  path: string;
  route?: string;
  /** The operationId of the route (see routes.ts). */
  operationId?: string;
  status: number;
  /** The body as the mock read it (for checking what the client sent). */
  body?: unknown;
}

/** Everything dispatch needs, shared with the mock's controls. */
export interface DispatchContext {
  world: MockWorld;
  /** Accepted tokens and the username each belongs to. */
  tokens: Map<string, string>;
  expired: boolean;
  webUrl: string;
  scripts: Map<string, ScriptedHandler>;
  rateLimits: Array<{ requests: number; resetAt: Date }>;
  violations: string[];
  requests: RecordedRequest[];
  rateLimited: number;
}

/** The request as the HTTP server read it (path relative to `/api/v4`). */
export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Answers one request and records it. */
export async function dispatch(ctx: DispatchContext, raw: RawRequest): Promise<MockResponse> {
  const url = new URL(raw.url, 'http://mock.invalid');
  const match = matchRoute(raw.method, url.pathname);
  let body: unknown;
  const response = match ? await answer(ctx, raw, url, match, (b) => (body = b)) : violation(ctx, unknownRoute(raw.method, url.pathname), 404);
  const route = match ? { route: match.route.name, operationId: match.route.operationId } : {};
  ctx.requests.push({ method: raw.method, path: url.pathname, status: response.status, ...route, ...(body === undefined ? {} : { body }) });
  return response;
}

/** Names the operations the path has with other methods, if any. */
function unknownRoute(method: string, pathname: string): string {
  const others = routesOnPath(pathname).map((r) => `${r.method} (${r.operationId})`);
  const hint = others.length ? `; this path has ${others.join(', ')}` : '';
  return `${method} ${pathname}: no operation of GitLab's REST API the mock implements${hint}`;
}

function violation(ctx: DispatchContext, message: string, status: number, problems: string[] = [], operationId?: string): MockResponse {
  ctx.violations.push(problems.length ? `${message}: ${problems.join('; ')}` : message);
  return { status, body: { error: `mock: ${message}`, ...(operationId ? { operationId } : {}), problems } };
}

async function answer(ctx: DispatchContext, raw: RawRequest, url: URL, match: RouteMatch, keep: (body: unknown) => void): Promise<MockResponse> {
  const { route } = match;
  const where = `${raw.method} ${url.pathname} (${describeRoute(route)})`;
  const body = await readBody(raw);
  if (body === invalidBody) return violation(ctx, `${where}: the body is neither JSON nor a form`, 400, [], route.operationId);
  keep(body);
  const parsed = validate(match, url, body);
  const against = route.source.kind === 'openapi' ? "GitLab's OpenAPI description" : route.source.page;
  if (parsed.problems.length) return violation(ctx, `${where}: the request does not match ${against}`, 400, parsed.problems, route.operationId);
  const caller = authenticate(ctx, raw.headers);
  if (typeof caller !== 'string') return caller;
  const limited = rateLimit(ctx);
  if (limited) return limited;
  const request: MockRequest = { route: route.name, method: raw.method, path: url.pathname, params: parsed.params, query: parsed.query, body: parsed.body, caller, world: ctx.world, webUrl: ctx.webUrl };
  return ctx.scripts.get(route.name)?.(request) ?? checkedDefault(ctx, route, request, where);
}

/** The default handler's answer; a field its entity does not list is the mock's own drift, recorded as a violation. */
function checkedDefault(ctx: DispatchContext, route: Route, request: MockRequest, where: string): MockResponse {
  const response = defaultHandlers[route.name]!(request);
  const entity = route.source.kind === 'openapi' ? route.source.response : undefined;
  const extra = entity && response.status < 300 ? undocumentedFields(entity, response.body) : [];
  if (extra.length) ctx.violations.push(`${where}: the mock answers fields ${entity} does not list: ${extra.join(', ')}`);
  return response;
}

interface Parsed {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  problems: string[];
}

function validate(match: RouteMatch, url: URL, body: Record<string, unknown> | undefined): Parsed {
  const problems: string[] = [];
  const check = (schema: ZodType, value: unknown, where: string): Record<string, unknown> => {
    const result = schema.safeParse(value);
    if (result.success) return result.data as Record<string, unknown>;
    problems.push(...result.error.issues.map((i) => `${[where, ...i.path].join('.')}: ${i.message}`));
    return {};
  };
  const params = Object.fromEntries(Object.entries(match.params).map(([name, value]) => [name, check(pathSchemas[name]!, value, `path.${name}`)]));
  const query = check(match.route.query, nest([...url.searchParams]), 'query');
  if (!match.route.body && body !== undefined) problems.push(`${match.route.operationId} takes no request body`);
  if (match.route.body && body === undefined) problems.push('the request body is required');
  return { params, query, body: match.route.body && body ? check(match.route.body, body, 'body') : {}, problems };
}

const invalidBody = Symbol('invalid body');

async function readBody(raw: RawRequest): Promise<Record<string, unknown> | undefined | typeof invalidBody> {
  if (raw.body.length === 0) return undefined;
  const type = String(raw.headers['content-type'] ?? '');
  try {
    if (type.startsWith('application/json')) return JSON.parse(raw.body.toString('utf8')) as Record<string, unknown>;
    if (type.startsWith('application/x-www-form-urlencoded')) return nest([...new URLSearchParams(raw.body.toString('utf8'))]);
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(raw.body), { headers: { 'content-type': type } }).formData();
      return nest([...form].map(([k, v]) => [k, String(v)]));
    }
  } catch {
    return invalidBody;
  }
  return invalidBody;
}

/** `position[new_line]=3` → `{ position: { new_line: '3' } }`; `ids[]=1&ids[]=2` → `{ ids: ['1', '2'] }`. */
export function nest(entries: Array<[string, string]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const [head, ...rest] = key.split('[').map((part, i) => (i === 0 ? part : part.replace(/\]$/, '')));
    let at = out;
    const path = [head!, ...rest];
    for (const [i, part] of path.entries()) {
      const last = i === path.length - 1;
      const next = path[i + 1];
      if (last) at[part] = value;
      else if (next === '') {
        at[part] = [...((at[part] as string[] | undefined) ?? []), value];
        break;
      } else at = (at[part] ??= {}) as Record<string, unknown>;
    }
  }
  return out;
}

/** `PRIVATE-TOKEN: <token>` or `Authorization: Bearer <token>`, as GitLab takes them. */
function authenticate(ctx: DispatchContext, headers: RawRequest['headers']): string | MockResponse {
  const bearer = /^Bearer\s+(\S+)$/i.exec(String(headers['authorization'] ?? ''))?.[1];
  const token = String(headers['private-token'] ?? '') || bearer;
  const user = token ? ctx.tokens.get(token) : undefined;
  if (!user || ctx.expired) return { status: 401, body: { message: '401 Unauthorized' } };
  return user;
}

/** GitLab's 429: plain text, with `Retry-After` and the `RateLimit-*` headers. */
function rateLimit(ctx: DispatchContext): MockResponse | undefined {
  const script = ctx.rateLimits[0];
  if (!script) return undefined;
  if (--script.requests <= 0) ctx.rateLimits.shift();
  ctx.rateLimited++;
  const reset = script.resetAt.getTime();
  return {
    status: 429, text: 'Retry later\n', headers: {
      'retry-after': String(Math.max(0, Math.ceil((reset - Date.now()) / 1000))), 'ratelimit-name': 'throttle_authenticated_api', 'ratelimit-limit': '60',
      'ratelimit-observed': '61', 'ratelimit-remaining': '0', 'ratelimit-reset': String(Math.floor(reset / 1000)), 'ratelimit-resettime': new Date(reset).toUTCString(),
    },
  };
}
