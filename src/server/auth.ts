/**
 * Bearer-token authentication and role checks. Reads (GET) need a viewer; anything that changes
 * state needs an operator. 401 when the token is missing, unknown, revoked or expired; 403 when
 * its role is too weak.
 */
import type { MiddlewareHandler } from 'hono';
import { AutodevopsError } from '../core/errors.ts';
import { errorResponse } from './errors.ts';
import { roles, type Role, type TokenInfo, type TokenStore } from './token-store.ts';

/** What the auth middleware leaves on the context. */
export type AuthEnv = { Variables: { token: TokenInfo } };

/** The weakest role allowed to call a route with this method. */
export function requiredRole(method: string): Role {
  return method === 'GET' || method === 'HEAD' ? 'viewer' : 'operator';
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

const refusal = {
  missing: 'the request has no `Authorization: Bearer <token>` header',
  unknown: 'the API token is not valid',
  revoked: 'the API token was revoked',
  expired: 'the API token has expired',
} as const;

/** Authenticates every request that reaches it and checks the role its method needs. */
export function authenticate(tokens: TokenStore): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const secret = bearer(c.req.header('authorization'));
    const check = secret === undefined ? { ok: false as const, reason: 'missing' as const } : tokens.check(secret);
    if (!check.ok) return errorResponse(c, new AutodevopsError('ADO_UNAUTHENTICATED', refusal[check.reason]));
    const needed = requiredRole(c.req.method);
    if (roles.indexOf(check.token.role) < roles.indexOf(needed)) {
      return errorResponse(c, new AutodevopsError('ADO_FORBIDDEN', `token "${check.token.name}" has role ${check.token.role}; ${c.req.method} ${c.req.path} needs ${needed}`));
    }
    c.set('token', check.token);
    await next();
  };
}
