/**
 * Registering a workflow: snapshot the source, check that the file is a valid workflow, record it.
 * Nothing is recorded unless the workflow parses, so an invalid file changes nothing.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { AutodevopsError } from '../core/errors.ts';
import type { ServerDeps } from './deps.ts';
import type { WorkflowInfo, WorkflowSource, WorkflowVersion } from './registry/workflows.ts';
import { checkFile } from './sources/allowed-paths.ts';
import { snapshotSource } from './sources/snapshots.ts';

/** What a registration gives back. */
export interface Registered {
  workflow: WorkflowInfo;
  version: WorkflowVersion;
  /** False when the source was unchanged: the version existed already. */
  created: boolean;
}

function requireFile(dir: string, file: string): void {
  let isFile = false;
  try {
    isFile = statSync(path.join(dir, file)).isFile();
  } catch {
    // Reported below, like a directory.
  }
  if (!isFile) throw new AutodevopsError('ADO_REQUEST_INVALID', `body.file: "${file}" is not a file of the source`, { hint: 'Give the workflow file relative to the source\'s root, e.g. .github/workflows/ci.yml.' });
}

/** Snapshots the source, validates the workflow file in it, and records the workflow and version. */
export async function registerWorkflow(deps: ServerDeps, project: string, id: string, body: { source: WorkflowSource; file: string }): Promise<Registered> {
  const file = checkFile(body.file);
  const snapshot = await snapshotSource({ root: deps.root, dataDir: deps.dataDir }, body.source);
  requireFile(snapshot.dir, file);
  const { name, on } = await deps.app.describeWorkflow(snapshot.dir, file);
  const registered = deps.workflows.register(project, { id, source: body.source, file, version: { version: snapshot.version, kind: snapshot.kind, name, on } });
  // A new version may add, change or drop `on.schedule` crons.
  if (registered.created) deps.onWorkflowsChanged?.();
  return registered;
}
