/** A run of the project named in the path: its owner record, or 404 as if it did not exist. */
import { z } from '@hono/zod-openapi';
import { AutodevopsError } from '../core/errors.ts';
import type { ServerDeps } from './deps.ts';
import type { RunOwner } from './registry/run-owners.ts';
import { ProjectParams } from './route-config.ts';

/** `{project}` and `{run}` of the run routes. */
export const RunParams = ProjectParams.extend({
  run: z.string().min(1).max(100).openapi({ param: { name: 'run', in: 'path' }, description: 'Run id, or a unique prefix of one within the project.', example: '01jdx3' }),
}).strict();

/** The project's run, or ADO_RUN_NOT_FOUND (also for a run of another project). */
export function ownedRun(deps: ServerDeps, project: string, idOrPrefix: string): RunOwner {
  const owner = deps.runs.find(project, idOrPrefix);
  if (owner === undefined) throw new AutodevopsError('ADO_RUN_NOT_FOUND', `no run matches "${idOrPrefix}" in project ${project}`, { hint: 'List the project\'s runs with GET /v1/projects/{project}/runs.' });
  return owner;
}
