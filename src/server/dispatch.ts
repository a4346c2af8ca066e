/**
 * Dispatching a run of a registered workflow version: the version's snapshot is copied into a
 * fresh workspace, the project's variables and secrets are handed to the run as `vars` and
 * `secrets`, and the run is recorded as the project's. The REST route, webhooks and schedules all
 * come through here. Bad input (unknown workflow or version, invalid event or inputs) throws before
 * anything is recorded, and the workspace is removed again.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { AutodevopsError } from '../core/errors.ts';
import type { ServerDeps } from './deps.ts';
import { withLock } from './keyed-lock.ts';
import type { WorkflowVersion } from './registry/workflows.ts';
import { versionDir } from './sources/snapshots.ts';
import { createWorkspace } from './sources/workspace.ts';

/** A run to dispatch. */
export interface DispatchRequest {
  project: string;
  /** Registered workflow id. */
  workflow: string;
  /** Default: the workflow's latest version. */
  version?: string;
  /** Event name; default push, or workflow_dispatch when it is the only trigger. */
  event?: string;
  /** `github.event`, e.g. a webhook delivery's payload. */
  eventPayload?: Record<string, unknown>;
  /** `github.ref` and `github.sha`; default from the payload (`ref`, `after`), else the version's commit. */
  ref?: string;
  sha?: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  jobs?: string[];
  matrix?: Record<string, string>;
  /** Who dispatched it (`github.actor`): a token's name, a webhook sender, `schedule`. */
  actor: string;
}

/** A dispatched run. */
export interface Dispatched {
  runId: string;
  workflow: string;
  version: string;
  warnings?: string[];
}

/** The version to run, or 404 ADO_NOT_FOUND. */
export function versionToRun(deps: ServerDeps, project: string, workflow: string, version?: string): WorkflowVersion {
  const registered = deps.workflows.get(project, workflow);
  if (registered === undefined) throw new AutodevopsError('ADO_NOT_FOUND', `no workflow "${workflow}" in project ${project}`, { hint: 'List the project\'s workflows with GET /v1/projects/{project}/workflows.' });
  const found = deps.workflows.version(project, workflow, version ?? registered.latestVersion);
  if (found === undefined) throw new AutodevopsError('ADO_NOT_FOUND', `workflow "${workflow}" has no version ${version}`, { hint: 'List its versions with GET …/workflows/{workflow}/versions.' });
  return found;
}

/** Starts the run; resolves once it is recorded durably and owned by the project. */
export async function dispatchRun(deps: ServerDeps, request: DispatchRequest): Promise<Dispatched> {
  const { project, workflow } = request;
  const version = versionToRun(deps, project, workflow, request.version);
  const workspace = await createWorkspace(deps.dataDir, await versionDir({ root: deps.root, dataDir: deps.dataDir }, version));
  // One at a time per workflow, so that run numbers are counted without gaps or repeats.
  const handle = await withLock(`run-number:${project}/${workflow}`, async () => {
    let started;
    try {
      started = await deps.app.startRun({
        workflowPath: path.join(workspace, version.file), workdir: workspace, repositoryRoot: workspace,
        event: request.event, eventPayload: request.eventPayload, ref: request.ref, sha: request.sha, inputs: request.inputs, env: request.env, jobs: request.jobs, matrix: request.matrix,
        vars: deps.variables.values(project), secrets: deps.secrets.values(project), actor: request.actor, runNumber: deps.runs.count(project, workflow) + 1,
      });
    } catch (error) {
      await rm(workspace, { recursive: true, force: true });
      throw error;
    }
    deps.runs.own({ runId: started.runId, project, workflowId: workflow, version: version.version, createdAt: deps.now() });
    return started;
  });
  // The run goes on in the background; its failures are in its history, not here.
  handle.done.catch(() => undefined);
  // Outside the lock: the next run's number needs only the ownership recorded.
  await deps.events.claimed(handle.runId);
  return { runId: handle.runId, workflow, version: version.version, ...(handle.warnings && { warnings: handle.warnings }) };
}
