/**
 * The middleware every request passes: body size and rate limits first (so refused floods never
 * reach the audit log), then the hash-chained audit log of every state-changing call and failed login.
 */
import type { MiddlewareHandler } from 'hono';
import { AuditLog, auditMiddleware } from './audit/index.ts';
import type { AuthEnv } from './auth.ts';
import type { ServerDeps } from './deps.ts';
import { bodySizeLimit, rateLimit, type RateLimitOptions } from './limits/index.ts';
import { rateLimitFromEnv } from './limits/rate-limit-env.ts';

/** Forge payloads can be large (GitHub allows 25 MB), so webhook routes get their own body limit. */
const webhookMaxBytes = 25 * 1024 * 1024;

/** `webhook:github` for a webhook route, else undefined. */
function webhookActor(path: string): string | undefined {
  const kind = /\/webhooks\/(github|gitlab|generic)$/.exec(path)?.[1];
  return kind && `webhook:${kind}`;
}

/** The limits and audit middleware, in order; rate limits not given come from the server's environment (rate-limit-env.ts). */
export function hardening(deps: ServerDeps, options: { maxBodyBytes?: number; rateLimit?: RateLimitOptions } = {}): Array<MiddlewareHandler<AuthEnv>> {
  return [
    bodySizeLimit({ ...(options.maxBodyBytes !== undefined && { maxBytes: options.maxBodyBytes }), maxBytesFor: (c) => (webhookActor(c.req.path) ? webhookMaxBytes : undefined) }),
    rateLimit({ skip: (c) => c.req.path === '/healthz', ...rateLimitFromEnv(deps.env ?? {}), ...options.rateLimit }),
    auditMiddleware<AuthEnv>(new AuditLog(deps.db, { now: deps.now }), {
      actorOf: (c) => {
        const token = c.get('token') as AuthEnv['Variables']['token'] | undefined;
        return token ? `token:${token.name}` : webhookActor(c.req.path);
      },
      projectOf: (c) => c.get('project') || c.req.param('project'),
    }),
  ];
}
