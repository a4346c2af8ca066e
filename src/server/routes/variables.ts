/** Project variables (the runs' `vars`): admins write them, viewers read them. */
import { z } from '@hono/zod-openapi';
import { AutodevopsError } from '../../core/errors.ts';
import type { RouteModule } from '../deps.ts';
import { variableNamePattern } from '../names.ts';
import { json, jsonBody, ProjectParams, secured } from '../route-config.ts';

/** `{name}` of a variable or secret. */
export const NameParams = ProjectParams.extend({
  name: z.string().max(100).regex(variableNamePattern, 'letters, digits and _, not starting with a digit or GITHUB_')
    .openapi({ param: { name: 'name', in: 'path' }, description: 'Name (GitHub\'s rules: letters, digits, _; not GITHUB_…).', example: 'DEPLOY_ENV' }),
}).strict();

/** Body of a PUT of a variable or secret. */
export const ValueBody = z.object({ value: z.string().max(65_536) }).strict().openapi('ValueRequest');

const Variable = z.object({ name: z.string(), value: z.string(), updatedAt: z.number() }).openapi('Variable');

/** GET …/variables, GET/PUT/DELETE …/variables/{name}. */
export const registerVariableRoutes: RouteModule = (api, deps) => {
  api.openapi(secured(deps, 'project', 'viewer', {
    method: 'get', path: '/variables', tags: ['variables'], summary: 'The project\'s variables', request: { params: ProjectParams },
    responses: { 200: json(z.object({ variables: z.array(Variable) }), 'By name.') },
  }), (c) => c.json({ variables: deps.variables.list(c.get('project')) }, 200));

  api.openapi(secured(deps, 'project', 'viewer', {
    method: 'get', path: '/variables/{name}', tags: ['variables'], summary: 'A variable', request: { params: NameParams },
    responses: { 200: json(Variable, 'The variable.') },
  }), (c) => {
    const { name } = c.req.valid('param');
    const variable = deps.variables.get(c.get('project'), name);
    if (variable === undefined) throw new AutodevopsError('ADO_NOT_FOUND', `no variable "${name}" in this project`);
    return c.json(variable, 200);
  });

  api.openapi(secured(deps, 'project', 'admin', {
    method: 'put', path: '/variables/{name}', tags: ['variables'], summary: 'Create or replace a variable', request: { params: NameParams, ...jsonBody(ValueBody) },
    responses: { 200: json(Variable, 'Replaced.'), 201: json(Variable, 'Created.') },
  }), (c) => {
    const { name } = c.req.valid('param');
    const created = deps.variables.put(c.get('project'), name, c.req.valid('json').value);
    return c.json(deps.variables.get(c.get('project'), name)!, created ? 201 : 200);
  });

  api.openapi(secured(deps, 'project', 'admin', {
    method: 'delete', path: '/variables/{name}', tags: ['variables'], summary: 'Delete a variable', request: { params: NameParams },
    responses: { 204: { description: 'Deleted.' } },
  }), (c) => {
    const { name } = c.req.valid('param');
    if (!deps.variables.remove(c.get('project'), name)) throw new AutodevopsError('ADO_NOT_FOUND', `no variable "${name}" in this project`);
    return c.body(null, 204);
  });
};
