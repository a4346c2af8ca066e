/**
 * How routes are declared: method, path, request schemas, responses, and who may call them
 * (scope and `x-min-role`). The OpenAPI document is generated from exactly these declarations, so
 * a route cannot be served without being documented, nor documented without its role.
 */
import { createRoute, z, type RouteConfig } from '@hono/zod-openapi';
import { access, type Scope } from './auth.ts';
import type { Projects } from './registry/projects.ts';
import type { Role, Tokens } from './registry/tokens.ts';
import { slugPattern } from './names.ts';

/** The error body of every 4xx/5xx. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string().openapi({ example: 'ADO_RUN_NOT_FOUND' }),
    message: z.string(),
    hint: z.string(),
    diagnostics: z.array(z.unknown()),
  }),
}).openapi('Error');

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });

/** The error responses every authorised route may give. */
export const errors = {
  400: errorResponse('The request is malformed (ADO_REQUEST_INVALID) or refused as bad input.'),
  401: errorResponse('No valid API token (ADO_UNAUTHENTICATED).'),
  403: errorResponse('The token\'s role does not allow this (ADO_FORBIDDEN).'),
  404: errorResponse('No such project for this token (ADO_PROJECT_NOT_FOUND), or no such resource in it.'),
} as const;

/** An error response with its own description. */
export const errorOf = errorResponse;

/** A JSON response. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

/** A JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T, required = true) => ({ body: { content: { 'application/json': { schema } }, required } });

/** `{project}` of every project route. */
export const projectParam = z.string().max(63).regex(slugPattern, 'a project name').openapi({ param: { name: 'project', in: 'path' }, description: 'Project name.', example: 'web' });

/** Path parameters of a route under a project. */
export const ProjectParams = z.object({ project: projectParam }).strict();

/** What the access middleware reads. */
export interface AccessDeps {
  tokens: Tokens;
  projects: Projects;
}

/**
 * A route that needs a token: `scope` says whose, `minRole` the weakest role. Project routes get
 * the `/v1/projects/{project}` prefix.
 * @example api.openapi(secured(deps, 'project', 'viewer', { method: 'get', path: '/runs', … }), handler)
 */
export function secured<R extends RouteConfig>(deps: AccessDeps, scope: Scope, minRole: Role, config: R): R & { middleware: ReturnType<typeof access> } {
  const path = scope === 'project' ? `/v1/projects/{project}${config.path}` : config.path;
  return createRoute({
    ...config, path, security: [{ bearer: [] }], 'x-min-role': minRole, 'x-scope': scope, middleware: access(deps, scope, minRole),
    responses: { ...errors, ...config.responses },
  }) as R & { middleware: ReturnType<typeof access> };
}
