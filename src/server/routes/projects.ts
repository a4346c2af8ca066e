/** Projects: the tenant boundary. Server-wide admins create them; a token sees its own project. */
import { z } from '@hono/zod-openapi';
import type { RouteModule } from '../deps.ts';
import { serverProject, slugPattern } from '../names.ts';
import { errorOf, json, jsonBody, ProjectParams, secured } from '../route-config.ts';

const Project = z.object({ name: z.string(), createdAt: z.number().int() }).openapi('Project');
const CreateProject = z.object({
  name: z.string().max(63).regex(slugPattern, 'lower-case letters, digits and "-", starting with a letter or digit').openapi({ example: 'web' }),
}).strict().openapi('CreateProjectRequest');

/** GET/POST /v1/projects, GET /v1/projects/{project}. */
export const registerProjectRoutes: RouteModule = (api, deps) => {
  api.openapi(secured(deps, 'any', 'viewer', {
    method: 'get', path: '/v1/projects', tags: ['projects'], summary: 'The projects this token can see',
    responses: { 200: json(z.object({ projects: z.array(Project) }), 'Its own project, or every project for a server-wide token.') },
  }), (c) => {
    const token = c.get('token');
    const all = deps.projects.list();
    return c.json({ projects: token.project === serverProject ? all : all.filter((p) => p.name === token.project) }, 200);
  });

  api.openapi(secured(deps, 'server', 'admin', {
    method: 'post', path: '/v1/projects', tags: ['projects'], summary: 'Create a project (server-wide admin tokens only)', request: jsonBody(CreateProject),
    responses: { 201: json(Project, 'The project.'), 409: errorOf('A project has this name (ADO_CONFLICT).') },
  }), (c) => c.json(deps.projects.create(c.req.valid('json').name), 201));

  api.openapi(secured(deps, 'project', 'viewer', {
    method: 'get', path: '', tags: ['projects'], summary: 'A project', request: { params: ProjectParams },
    responses: { 200: json(Project, 'The project.') },
  }), (c) => c.json(deps.projects.get(c.get('project'))!, 200));
};
