/** A project's API tokens, managed by its admins: create (the token is shown once), list, revoke. */
import { z } from '@hono/zod-openapi';
import type { RouteModule } from '../deps.ts';
import { json, jsonBody, ProjectParams, secured } from '../route-config.ts';

const TokenInfo = z.object({
  id: z.string(), name: z.string(), project: z.string(), role: z.enum(['viewer', 'operator', 'admin']),
  createdAt: z.number(), expiresAt: z.number().optional(), revokedAt: z.number().optional(),
}).openapi('Token');
const CreatedToken = TokenInfo.extend({ token: z.string().openapi({ description: 'The token: shown only in this response; only its SHA-256 is stored.' }) }).openapi('CreatedToken');
const CreateToken = z.object({
  name: z.string().min(1).max(100).openapi({ description: 'Shown in records, e.g. as approver.', example: 'ci' }),
  role: z.enum(['viewer', 'operator', 'admin']),
  expiresAt: z.number().int().positive().optional().openapi({ description: 'Expiry, ms since the epoch; default never.' }),
}).strict().openapi('CreateTokenRequest');
const TokenParams = ProjectParams.extend({
  token: z.string().min(1).max(100).openapi({ param: { name: 'token', in: 'path' }, description: 'Token id, or a unique prefix of one.' }),
}).strict();

/** GET/POST …/tokens, DELETE …/tokens/{token}. */
export const registerTokenRoutes: RouteModule = (api, deps) => {
  api.openapi(secured(deps, 'project', 'admin', {
    method: 'get', path: '/tokens', tags: ['tokens'], summary: 'The project\'s API tokens (never the tokens themselves)', request: { params: ProjectParams },
    responses: { 200: json(z.object({ tokens: z.array(TokenInfo) }), 'Oldest first.') },
  }), (c) => c.json({ tokens: deps.tokens.list(c.get('project')) }, 200));

  api.openapi(secured(deps, 'project', 'admin', {
    method: 'post', path: '/tokens', tags: ['tokens'], summary: 'Create an API token of the project', request: { params: ProjectParams, ...jsonBody(CreateToken) },
    responses: { 201: json(CreatedToken, 'The token, shown once.') },
  }), (c) => {
    const { secret, token } = deps.tokens.create({ ...c.req.valid('json'), project: c.get('project') });
    return c.json({ ...token, token: secret }, 201);
  });

  api.openapi(secured(deps, 'project', 'admin', {
    method: 'delete', path: '/tokens/{token}', tags: ['tokens'], summary: 'Revoke an API token of the project', request: { params: TokenParams },
    responses: { 200: json(TokenInfo, 'The revoked token.') },
  }), (c) => c.json(deps.tokens.revoke(c.req.valid('param').token, c.get('project')), 200));
};
