/**
 * Which project each run belongs to, and of which registered workflow and version. The engine's
 * store knows nothing of projects; every run route looks the run up here first, so a run of
 * another project is "not found", like one that does not exist.
 */
import type { DatabaseSync } from 'node:sqlite';

/** A run's place in the registry. */
export interface RunOwner {
  runId: string;
  project: string;
  workflowId: string;
  version: string;
  createdAt: number;
}

/** The runs table. */
export interface RunOwners {
  own(owner: RunOwner): void;
  /** The project's run with this id, or the only one whose id starts with it. */
  find(project: string, idOrPrefix: string): RunOwner | undefined;
  /** The project's runs, newest first (run ids sort by creation time), older than `before`. */
  page(project: string, query: { workflow?: string; before?: string; limit: number }): RunOwner[];
  /** How many runs the workflow has had (for `github.run_number`). */
  count(project: string, workflowId: string): number;
  /** The project a run belongs to, if any. */
  projectOf(runId: string): string | undefined;
}

interface Row { run_id: string; project: string; workflow_id: string; version: string; created_at: number }
const toOwner = (r: Row): RunOwner => ({ runId: r.run_id, project: r.project, workflowId: r.workflow_id, version: r.version, createdAt: r.created_at });
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, '\\$&');

/** The runs of server.db. */
export function runOwnersOf(db: DatabaseSync): RunOwners {
  return {
    own: (o) => void db.prepare('INSERT INTO runs (run_id, project, workflow_id, version, created_at) VALUES (?, ?, ?, ?, ?)').run(o.runId, o.project, o.workflowId, o.version, o.createdAt),
    find(project, idOrPrefix) {
      const rows = db.prepare("SELECT * FROM runs WHERE project = ? AND run_id LIKE ? || '%' ESCAPE '\\' ORDER BY run_id LIMIT 2").all(project, escapeLike(idOrPrefix)) as unknown as Row[];
      const exact = rows.find((r) => r.run_id === idOrPrefix);
      return exact ? toOwner(exact) : rows.length === 1 ? toOwner(rows[0]!) : undefined;
    },
    page(project, { workflow, before, limit }) {
      const rows = db.prepare('SELECT * FROM runs WHERE project = ?1 AND (?2 IS NULL OR workflow_id = ?2) AND (?3 IS NULL OR run_id < ?3) ORDER BY run_id DESC LIMIT ?4')
        .all(project, workflow ?? null, before ?? null, limit) as unknown as Row[];
      return rows.map(toOwner);
    },
    count: (project, workflowId) => (db.prepare('SELECT count(*) AS n FROM runs WHERE project = ? AND workflow_id = ?').get(project, workflowId) as { n: number }).n,
    projectOf: (runId) => (db.prepare('SELECT project FROM runs WHERE run_id = ?').get(runId) as { project: string } | undefined)?.project,
  };
}
