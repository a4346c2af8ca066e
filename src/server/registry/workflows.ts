/**
 * Registered workflows and their versions. A workflow is one workflow file of a source (a local
 * directory under the server's root, or a git URL and ref); each registration snapshots the
 * source, and the snapshot's commit (or content hash) is the version. The latest version's `on:`
 * triggers are what webhooks and schedules match against.
 */
import type { DatabaseSync } from 'node:sqlite';
import { prepared } from './prepared.ts';
import type { WorkflowTrigger } from '../../app-api.ts';
import { AutodevopsError } from '../../core/errors.ts';
import { transaction } from './migrate.ts';

/** Where a workflow's files come from. */
export type WorkflowSource = { path: string } | { git: string; ref: string };

/** A registered workflow. */
export interface WorkflowInfo {
  id: string;
  source: WorkflowSource;
  /** The workflow file inside the source, e.g. `.github/workflows/ci.yml`. */
  file: string;
  latestVersion: string;
  createdAt: number;
  updatedAt: number;
}

/** One version: an immutable snapshot of the source. */
export interface WorkflowVersion {
  workflowId: string;
  /** A commit sha (40 hex digits) or a content hash (64 hex digits). */
  version: string;
  kind: 'commit' | 'content';
  source: WorkflowSource;
  file: string;
  /** The workflow's `name:`. */
  name: string;
  on: Record<string, WorkflowTrigger>;
  createdAt: number;
}

/** What a registration records. */
export interface Registration {
  id: string;
  source: WorkflowSource;
  file: string;
  version: Pick<WorkflowVersion, 'version' | 'kind' | 'name' | 'on'>;
}

/** The workflows tables. */
export interface Workflows {
  /** Creates or updates the workflow; `created` is false when the version was already registered. */
  register(project: string, input: Registration): { workflow: WorkflowInfo; version: WorkflowVersion; created: boolean };
  get(project: string, id: string): WorkflowInfo | undefined;
  list(project: string): WorkflowInfo[];
  /** Newest first. */
  versions(project: string, id: string): WorkflowVersion[];
  version(project: string, id: string, version: string): WorkflowVersion | undefined;
  /** The latest version of each workflow of the project, with its parsed `on:` triggers. */
  withTriggers(project: string): WorkflowVersion[];
}

interface WorkflowRow { id: string; source: string; file: string; latest_version: string; created_at: number; updated_at: number }
interface VersionRow { workflow_id: string; version: string; kind: 'commit' | 'content'; source: string; file: string; name: string; triggers: string; created_at: number }

const toWorkflow = (r: WorkflowRow): WorkflowInfo => ({
  id: r.id, source: JSON.parse(r.source) as WorkflowSource, file: r.file, latestVersion: r.latest_version, createdAt: r.created_at, updatedAt: r.updated_at,
});
const toVersion = (r: VersionRow): WorkflowVersion => ({
  workflowId: r.workflow_id, version: r.version, kind: r.kind, source: JSON.parse(r.source) as WorkflowSource, file: r.file, name: r.name,
  on: JSON.parse(r.triggers) as Record<string, WorkflowTrigger>, createdAt: r.created_at,
});

/** The workflows of server.db. */
export function workflowsOf(db: DatabaseSync, now: () => number): Workflows {
  const get = (project: string, id: string): WorkflowInfo | undefined => {
    const row = prepared(db, 'SELECT * FROM workflows WHERE project = ? AND id = ?').get(project, id) as WorkflowRow | undefined;
    return row && toWorkflow(row);
  };
  const version = (project: string, id: string, v: string): WorkflowVersion | undefined => {
    const row = prepared(db, 'SELECT * FROM workflow_versions WHERE project = ? AND workflow_id = ? AND version = ?').get(project, id, v) as VersionRow | undefined;
    return row && toVersion(row);
  };
  const register = (project: string, input: Registration): { workflow: WorkflowInfo; version: WorkflowVersion; created: boolean } => transaction(db, () => {
    const at = now();
    const source = JSON.stringify(input.source);
    prepared(db, 'INSERT INTO workflows (project, id, source, file, latest_version, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) '
      + 'ON CONFLICT (project, id) DO UPDATE SET source = ?3, file = ?4, latest_version = ?5, updated_at = ?6').run(project, input.id, source, input.file, input.version.version, at);
    const { version: v, kind, name, on } = input.version;
    const inserted = prepared(db, 'INSERT INTO workflow_versions (project, workflow_id, version, kind, source, file, name, triggers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(project, input.id, v, kind, source, input.file, name, JSON.stringify(on), at);
    const recorded = version(project, input.id, v)!;
    if (recorded.file !== input.file) {
      throw new AutodevopsError('ADO_CONFLICT', `version ${v} of workflow "${input.id}" is registered with the file ${recorded.file}, not ${input.file}`, {
        hint: 'A version is immutable: register the other file under another workflow id.',
      });
    }
    return { workflow: get(project, input.id)!, version: recorded, created: inserted.changes > 0 };
  });
  return {
    register,
    get,
    list: (project) => (prepared(db, 'SELECT * FROM workflows WHERE project = ? ORDER BY id').all(project) as unknown as WorkflowRow[]).map(toWorkflow),
    versions: (project, id) => (prepared(db, 'SELECT * FROM workflow_versions WHERE project = ? AND workflow_id = ? ORDER BY created_at DESC, version').all(project, id) as unknown as VersionRow[]).map(toVersion),
    version,
    withTriggers: (project) => (prepared(db, 'SELECT v.* FROM workflows w JOIN workflow_versions v ON v.project = w.project AND v.workflow_id = w.id AND v.version = w.latest_version WHERE w.project = ? ORDER BY w.id')
      .all(project) as unknown as VersionRow[]).map(toVersion),
  };
}
