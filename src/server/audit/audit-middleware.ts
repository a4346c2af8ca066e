/**
 * Records every state-changing call (any method but GET, HEAD and OPTIONS) after its handler ran,
 * with the status it ended with (and, when the answer says why it did nothing, that reason), and
 * every failed authentication (any 401) as `login.failed`.
 * Mount it before authentication, so that refused calls are seen too, and after the rate and body
 * limits, so that a flood of refused requests cannot flood the log.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { actionName } from './action-name.ts';
import type { AuditLog, AuditOutcome } from './audit-log.ts';
import { bearerHash } from '../bearer.ts';

/** How the middleware learns who called, in which project, and (optionally) what to call the action. */
export interface AuditMiddlewareOptions<E extends Env> {
  /** The authenticated caller (`token:<name>`, `webhook:<kind>`…); undefined when not authenticated. */
  actorOf(c: Context<E>): string | undefined;
  /** The project the call acts in, if any. */
  projectOf(c: Context<E>): string | undefined;
  /** Overrides the action derived from the route pattern (return undefined to keep it). */
  actionOf?(c: Context<E>, route: { method: string; path: string }): string | undefined;
  /** The client address; by default the socket's remote address. */
  addressOf?(c: Context<E>): string | undefined;
}

const readOnly = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The outcome a status stands for. */
export function outcomeOf(status: number): AuditOutcome {
  if (status === 401 || status === 403) return 'denied';
  if (status >= 500) return 'error';
  return status >= 400 ? 'rejected' : 'ok';
}

/** The socket's remote address, when the request came through @hono/node-server. */
export function remoteAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/** The route the request was routed to (not a middleware), if any. */
function handlerRoute(c: Context): { method: string; path: string } | undefined {
  const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
  return route && { method: c.req.method, path: route.path };
}

/** The value of the last `:param` of the route in the request's path; the project is recorded on its own, never as the target. */
function lastParam(pattern: string, path: string): string | undefined {
  const names = pattern.split('/');
  const values = path.split('/');
  for (let i = names.length - 1; i >= 0; i--) {
    if (names[i]?.startsWith(':') && names[i] !== ':project' && values[i] !== undefined) return safeDecode(values[i]!);
  }
  return undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The JSON body of a response (a copy), or undefined when it is not JSON. */
async function jsonOf(res: Response): Promise<Record<string, unknown> | undefined> {
  if (!res.headers.get('content-type')?.includes('application/json')) return undefined;
  const body: unknown = await res.clone().json().catch(() => undefined);
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
}

/** What a response says: the error's code and message, or the id of what was created, and why it did nothing (a webhook's `ignored`). */
async function responseFacts(res: Response): Promise<{ code?: string; message?: string; created?: string; ignored?: string }> {
  const body = await jsonOf(res);
  const error = body?.error as { code?: unknown; message?: unknown } | undefined;
  if (error) return { ...(typeof error.code === 'string' && { code: error.code }), ...(typeof error.message === 'string' && { message: error.message }) };
  const created = [body?.runId, body?.id, body?.name].find((v) => typeof v === 'string') as string | undefined;
  const ignored = typeof body?.ignored === 'string' ? body.ignored : undefined;
  return { ...(created !== undefined && { created }), ...(ignored !== undefined && { ignored }) };
}

/** The first 12 hex digits of the SHA-256 of the presented bearer token: enough to tell tokens apart, useless to an attacker. */
function presentedToken(c: Context): string | undefined {
  return bearerHash(c)?.slice(0, 12);
}

/** The audit middleware (see the file comment for where to mount it). */
export function auditMiddleware<E extends Env>(log: AuditLog, options: AuditMiddlewareOptions<E>): MiddlewareHandler<E> {
  const addressOf = options.addressOf ?? ((c: Context<E>) => remoteAddress(c));
  return async (c, next) => {
    await next();
    const status = c.res.status;
    const method = c.req.method;
    if (status !== 401 && readOnly.has(method)) return;
    const route = handlerRoute(c);
    if (status !== 401 && route === undefined) return;
    const facts = await responseFacts(c.res);
    const address = addressOf(c);
    const details = {
      method, path: c.req.path, status, ...(facts.code !== undefined && { code: facts.code }), ...(address !== undefined && { address }),
      // A delivery that started nothing (a refused `/autodevops` comment, a ping…) says why, here as in the answer.
      ...(facts.ignored !== undefined && { ignored: facts.ignored }),
    };
    const project = options.projectOf(c);
    const actor = options.actorOf(c);
    // An unauthenticated caller is told apart by its token's hash prefix, never by the token.
    const tokenHashPrefix = actor === undefined ? presentedToken(c) : undefined;
    const common = { actor: actor ?? 'anonymous', outcome: outcomeOf(status), ...(project !== undefined && { project }) };
    const known = { ...details, ...(tokenHashPrefix !== undefined && { tokenHashPrefix }) };
    if (status === 401) {
      log.append({ ...common, action: 'login.failed', details: { ...known, ...(facts.message !== undefined && { reason: facts.message }) } });
      return;
    }
    const target = lastParam(route!.path, c.req.path) ?? facts.created;
    const action = options.actionOf?.(c, route!) ?? actionName(method, route!.path);
    log.append({ ...common, action, details: known, ...(target !== undefined && { target }) });
  };
}
