/** Project secrets (the runs' `secrets`): write-only; listed by name and dates, never by value. */
import { z } from '@hono/zod-openapi';
import { AutodevopsError } from '../../core/errors.ts';
import type { RouteModule } from '../deps.ts';
import { secretNamePattern } from '../names.ts';
import { json, jsonBody, ProjectParams, secured } from '../route-config.ts';
import { ValueBody } from './variables.ts';

/** `{name}` of a secret: a variable's name, or GITHUB_TOKEN. */
const NameParams = ProjectParams.extend({
  name: z.string().max(100).regex(secretNamePattern, 'letters, digits and _, not starting with a digit or GITHUB_ (GITHUB_TOKEN excepted)')
    .openapi({ param: { name: 'name', in: 'path' }, description: 'Name (GitHub\'s rules: letters, digits, _; not GITHUB_…, but GITHUB_TOKEN may be given).', example: 'GITHUB_TOKEN' }),
}).strict();

const Secret = z.object({ name: z.string(), createdAt: z.number(), updatedAt: z.number() }).openapi('Secret', { description: 'A secret\'s name and dates; its value is never returned.' });

/** GET …/secrets, PUT/DELETE …/secrets/{name}. */
export const registerSecretRoutes: RouteModule = (api, deps) => {
  api.openapi(secured(deps, 'project', 'viewer', {
    method: 'get', path: '/secrets', tags: ['secrets'], summary: 'The names of the project\'s secrets (never their values)', request: { params: ProjectParams },
    responses: { 200: json(z.object({ secrets: z.array(Secret) }), 'By name.') },
  }), (c) => c.json({ secrets: deps.secrets.list(c.get('project')) }, 200));

  api.openapi(secured(deps, 'project', 'admin', {
    method: 'put', path: '/secrets/{name}', tags: ['secrets'], summary: 'Create or replace a secret (sealed at rest)', request: { params: NameParams, ...jsonBody(ValueBody) },
    responses: { 200: json(Secret, 'Replaced.'), 201: json(Secret, 'Created.') },
  }), (c) => {
    const { name } = c.req.valid('param');
    const created = deps.secrets.put(c.get('project'), name, c.req.valid('json').value);
    return c.json(deps.secrets.list(c.get('project')).find((s) => s.name === name)!, created ? 201 : 200);
  });

  api.openapi(secured(deps, 'project', 'admin', {
    method: 'delete', path: '/secrets/{name}', tags: ['secrets'], summary: 'Delete a secret', request: { params: NameParams },
    responses: { 204: { description: 'Deleted.' } },
  }), (c) => {
    const { name } = c.req.valid('param');
    if (!deps.secrets.remove(c.get('project'), name)) throw new AutodevopsError('ADO_NOT_FOUND', `no secret "${name}" in this project`);
    return c.body(null, 204);
  });
};
