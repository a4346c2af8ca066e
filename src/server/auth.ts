/**
 * Bearer tokens and who may call what. Every route declares its scope and the weakest role it
 * needs (documented as `x-min-role` in the OpenAPI document):
 * - project routes (`/v1/projects/{project}/…`): the token must belong to the project, or be
 *   server-wide (`*`). A token of another project gets 404 ADO_PROJECT_NOT_FOUND, exactly like a
 *   project that does not exist, so project names do not leak; then 403 when the role is too weak.
 * - server routes (`/metrics`, `POST /v1/projects`): a server-wide token.
 * - any: any valid token (`/openapi.json`, `/docs`, `GET /v1/projects`).
 * 401 when the token is missing, unknown, revoked or expired.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { AutodevopsError } from '../core/errors.ts';
import { bearerHash } from './bearer.ts';
import { errorResponse } from './errors.ts';
import { serverProject } from './names.ts';
import type { Projects } from './registry/projects.ts';
import { atLeast, type Role, type TokenInfo, type Tokens } from './registry/tokens.ts';

/** What the access middleware leaves on the context: the token, and for project routes the project. */
export type AuthEnv = { Variables: { token: TokenInfo; project: string } };

/** Which tokens a route accepts. */
export type Scope = 'project' | 'server' | 'any';

const refusal = {
  missing: 'the request has no `Authorization: Bearer <token>` header',
  unknown: 'the API token is not valid',
  revoked: 'the API token was revoked',
  expired: 'the API token has expired',
} as const;

/** The request's token, or the error to answer with. */
export function tokenOf(c: Context, tokens: Tokens): TokenInfo | AutodevopsError {
  const hashed = bearerHash(c);
  const check = hashed === undefined ? { ok: false as const, reason: 'missing' as const } : tokens.checkHash(hashed);
  return check.ok ? check.token : new AutodevopsError('ADO_UNAUTHENTICATED', refusal[check.reason]);
}

/** 404 for a project the token may not see, whether or not it exists. */
export function projectNotFound(project: string): AutodevopsError {
  return new AutodevopsError('ADO_PROJECT_NOT_FOUND', `no project "${project}"`);
}

function scopeError(c: Context, token: TokenInfo, scope: Scope, projects: Projects): AutodevopsError | undefined {
  if (scope === 'server' && token.project !== serverProject) {
    return new AutodevopsError('ADO_FORBIDDEN', `${c.req.method} ${c.req.path} needs a server-wide token (project *); token "${token.name}" belongs to project ${token.project}`);
  }
  if (scope !== 'project') return undefined;
  const project = c.req.param('project') ?? '';
  if ((token.project !== serverProject && token.project !== project) || projects.get(project) === undefined) return projectNotFound(project);
  return undefined;
}

/** The middleware of a route: authenticates, checks the scope, then the role. */
export function access(deps: { tokens: Tokens; projects: Projects }, scope: Scope, minRole: Role): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = tokenOf(c, deps.tokens);
    if (token instanceof AutodevopsError) return errorResponse(c, token);
    const refused = scopeError(c, token, scope, deps.projects);
    if (refused) return errorResponse(c, refused);
    if (!atLeast(token.role, minRole)) {
      return errorResponse(c, new AutodevopsError('ADO_FORBIDDEN', `token "${token.name}" has role ${token.role}; ${c.req.method} ${c.req.path} needs ${minRole}`));
    }
    c.set('token', token);
    if (scope === 'project') c.set('project', c.req.param('project') ?? '');
    return next();
  };
}
