/** A run's artifacts: list them, download one as a gzip'd tar, or one file of it. */
import { z } from '@hono/zod-openapi';
import { AutodevopsError } from '../../core/errors.ts';
import type { RouteModule } from '../deps.ts';
import { json, secured } from '../route-config.ts';
import { ownedRun, RunParams } from '../run-lookup.ts';

const ArtifactParams = RunParams.extend({
  name: z.string().min(1).max(255).openapi({ param: { name: 'name', in: 'path' }, description: 'Artifact name.', example: 'report' }),
}).strict();
const DownloadQuery = z.object({
  path: z.string().min(1).max(4096).optional().openapi({ description: 'One file of the artifact (as listed) instead of the whole artifact.' }),
}).strict();
const Artifact = z.object({
  name: z.string(), size: z.number(), createdAt: z.number(), digest: z.string(), files: z.array(z.object({ path: z.string(), size: z.number() })),
}).openapi('Artifact');

const notFound = (name: string, file?: string): AutodevopsError =>
  new AutodevopsError('ADO_NOT_FOUND', file === undefined ? `the run has no artifact "${name}"` : `artifact "${name}" has no file "${file}"`, { hint: 'List the run\'s artifacts with GET …/runs/{run}/artifacts.' });

/** GET …/runs/{run}/artifacts and …/artifacts/{name}. */
export const registerArtifactRoutes: RouteModule = (api, deps) => {
  api.openapi(secured(deps, 'project', 'viewer', {
    method: 'get', path: '/runs/{run}/artifacts', tags: ['artifacts'], summary: 'The artifacts a run uploaded', request: { params: RunParams },
    responses: { 200: json(z.object({ artifacts: z.array(Artifact) }), 'By name.') },
  }), async (c) => {
    const { runId } = ownedRun(deps, c.get('project'), c.req.valid('param').run);
    return c.json({ artifacts: await deps.app.listArtifacts(runId) }, 200);
  });

  api.openapi(secured(deps, 'project', 'viewer', {
    method: 'get', path: '/runs/{run}/artifacts/{name}', tags: ['artifacts'], summary: 'Download an artifact (tar.gz), or one file of it with ?path=',
    request: { params: ArtifactParams, query: DownloadQuery },
    responses: { 200: { description: 'The artifact as application/gzip, or the file as application/octet-stream.', content: { 'application/gzip': { schema: z.string() }, 'application/octet-stream': { schema: z.string() } } } },
  }), async (c) => {
    const { run, name } = c.req.valid('param');
    const { runId } = ownedRun(deps, c.get('project'), run);
    const file = c.req.valid('query').path;
    if (file !== undefined) {
      const opened = await deps.app.openArtifactFile(runId, name, file);
      if (opened === undefined) throw notFound(name, file);
      return c.body(opened.stream, 200, { 'content-type': 'application/octet-stream', 'content-length': String(opened.size) });
    }
    const archive = await deps.app.artifactArchive(runId, name);
    if (archive === undefined) throw notFound(name);
    return c.body(archive, 200, { 'content-type': 'application/gzip', 'content-disposition': `attachment; filename="${encodeURIComponent(name)}.tar.gz"` });
  });
};
