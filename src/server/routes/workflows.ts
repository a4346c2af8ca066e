/** Registered workflows: register (or refresh) from a local path or a git URL, list, versions. */
import { z } from '@hono/zod-openapi';
import { AutodevopsError } from '../../core/errors.ts';
import type { RouteModule } from '../deps.ts';
import { slugPattern } from '../names.ts';
import { errorOf, json, jsonBody, ProjectParams, secured } from '../route-config.ts';
import { registerWorkflow } from '../workflow-registration.ts';

const WorkflowParams = ProjectParams.extend({
  workflow: z.string().max(63).regex(slugPattern, 'a workflow id').openapi({ param: { name: 'workflow', in: 'path' }, description: 'Workflow id.', example: 'ci' }),
}).strict();

const Source = z.union([
  z.object({ path: z.string().min(1).max(4096).openapi({ description: 'A directory inside the server\'s working directory.', example: '.' }) }).strict(),
  z.object({
    git: z.string().min(1).max(2048).openapi({ description: 'A git URL (https, ssh, git, user@host:path; file: inside the server\'s directory).' }),
    ref: z.string().min(1).max(255).default('HEAD').openapi({ description: 'Branch, tag or commit; default the remote\'s HEAD.', example: 'main' }),
  }).strict(),
]).openapi('WorkflowSource');

const RegisterBody = z.object({
  source: Source,
  file: z.string().min(1).max(1024).openapi({ description: 'The workflow file inside the source.', example: '.github/workflows/ci.yml' }),
}).strict().openapi('RegisterWorkflowRequest');

const Workflow = z.object({ id: z.string(), source: Source, file: z.string(), latestVersion: z.string(), createdAt: z.number(), updatedAt: z.number() }).openapi('Workflow');
const Version = z.object({
  workflowId: z.string(), version: z.string().openapi({ description: 'Commit sha (40 hex digits) or content hash (64).' }), kind: z.enum(['commit', 'content']),
  source: Source, file: z.string(), name: z.string(), on: z.record(z.string(), z.any()).openapi({ description: 'The parsed `on:` triggers with their filters.' }), createdAt: z.number(),
}).openapi('WorkflowVersion');
const Registered = z.object({ workflow: Workflow, version: Version, created: z.boolean() }).openapi('WorkflowRegistered');

/** The workflow routes. */
export const registerWorkflowRoutes: RouteModule = (api, deps) => {
  api.openapi(secured(deps, 'project', 'viewer', {
    method: 'get', path: '/workflows', tags: ['workflows'], summary: 'The project\'s registered workflows', request: { params: ProjectParams },
    responses: { 200: json(z.object({ workflows: z.array(Workflow) }), 'By id.') },
  }), (c) => c.json({ workflows: deps.workflows.list(c.get('project')) }, 200));

  api.openapi(secured(deps, 'project', 'admin', {
    method: 'put', path: '/workflows/{workflow}', tags: ['workflows'], summary: 'Register a workflow, or snapshot its source again',
    description: 'Snapshots the source (a git URL at `ref`: versioned by commit; a local git repository: its HEAD commit; another directory: its content hash) and validates the file. An unchanged source gives the same version (200); a new one 201.',
    request: { params: WorkflowParams, ...jsonBody(RegisterBody) },
    responses: { 200: json(Registered, 'Unchanged: the existing version.'), 201: json(Registered, 'A new version.'), 409: errorOf('This version is registered with another file (ADO_CONFLICT).') },
  }), async (c) => {
    const result = await registerWorkflow(deps, c.get('project'), c.req.valid('param').workflow, c.req.valid('json'));
    return c.json(result, result.created ? 201 : 200);
  });

  api.openapi(secured(deps, 'project', 'viewer', {
    method: 'get', path: '/workflows/{workflow}', tags: ['workflows'], summary: 'A registered workflow', request: { params: WorkflowParams },
    responses: { 200: json(Workflow, 'The workflow.') },
  }), (c) => c.json(found(deps.workflows.get(c.get('project'), c.req.valid('param').workflow), c.req.valid('param').workflow), 200));

  api.openapi(secured(deps, 'project', 'viewer', {
    method: 'get', path: '/workflows/{workflow}/versions', tags: ['workflows'], summary: 'The versions of a workflow, newest first', request: { params: WorkflowParams },
    responses: { 200: json(z.object({ versions: z.array(Version) }), 'Newest first.') },
  }), (c) => {
    const { workflow } = c.req.valid('param');
    found(deps.workflows.get(c.get('project'), workflow), workflow);
    return c.json({ versions: deps.workflows.versions(c.get('project'), workflow) }, 200);
  });
};

function found<T>(value: T | undefined, id: string): T {
  if (value === undefined) throw new AutodevopsError('ADO_NOT_FOUND', `no workflow "${id}" in this project`);
  return value;
}
