/**
 * The HTTP API: route modules translate requests into App API and registry calls, and results
 * into JSON. Validation comes from the route schemas, authorisation from each route's declared
 * scope and role (auth.ts). Server modules plug in as more route modules and global middleware.
 */
import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AutodevopsError, type Diagnostic } from '../core/errors.ts';
import { access, type AuthEnv } from './auth.ts';
import type { RouteModule, ServerDeps } from './deps.ts';
import { errorResponse } from './errors.ts';
import { coreRouteModules } from './modules.ts';
import { describeApi } from './openapi.ts';

/** What else the API is built with. */
export interface ServerApiOptions {
  /** More route modules (webhooks, schedules), registered after the core ones. */
  modules?: readonly RouteModule[];
  /** Middleware run before every route, in order (limits, audit). */
  middleware?: ReadonlyArray<MiddlewareHandler<AuthEnv>>;
}

/** Zod issues as diagnostics naming the request part and field. */
const validationHook: Hook<unknown, AuthEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const diagnostics: Diagnostic[] = result.error.issues.map((issue) => ({
    location: { file: result.target, line: 1, column: 1 },
    message: `${[result.target, ...issue.path.map(String)].join('.')}: ${issue.message}`,
  }));
  const first = diagnostics[0]?.message ?? 'invalid request';
  return errorResponse(c, new AutodevopsError('ADO_REQUEST_INVALID', first, { diagnostics }));
};

/** Builds the API (without listening). */
export function createServerApi(deps: ServerDeps, options: ServerApiOptions = {}): OpenAPIHono<AuthEnv> {
  const api = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  api.onError((e, c) => errorResponse(c, e instanceof HTTPException && e.status < 500 ? new AutodevopsError('ADO_REQUEST_INVALID', e.message) : e));
  api.notFound((c) => errorResponse(c, new AutodevopsError('ADO_ROUTE_NOT_FOUND', `no route ${c.req.method} ${c.req.path}`)));
  for (const middleware of options.middleware ?? []) api.use('*', middleware);
  describeApi(api, access(deps, 'any', 'viewer'));
  for (const register of [...coreRouteModules, ...(options.modules ?? [])]) register(api, deps);
  return api;
}
