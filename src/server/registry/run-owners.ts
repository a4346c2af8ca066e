/**
 * Which project each run belongs to, and of which registered workflow and version. The engine's
 * store knows nothing of projects; every run route looks the run up here first, so a run of
 * another project is "not found", like one that does not exist.
 */
import type { DatabaseSync } from 'node:sqlite';
import { transaction } from './migrate.ts';
import { ChangeGuardedMemo, prepared } from './prepared.ts';

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
  /**
   * The project's runs, newest first (run ids sort by creation time), older than `before`: the same
   * array for as long as the page does not change (a run owned since gives a new one).
   */
  page(project: string, query: { workflow?: string; before?: string; limit: number }): readonly RunOwner[];
  /** How many runs the workflow has had (for `github.run_number`). */
  count(project: string, workflowId: string): number;
  /** The project a run belongs to, if any. */
  projectOf(runId: string): string | undefined;
}

interface Row { run_id: string; project: string; workflow_id: string; version: string; created_at: number }
const toOwner = (r: Row): RunOwner => ({ runId: r.run_id, project: r.project, workflowId: r.workflow_id, version: r.version, createdAt: r.created_at });

/** The smallest string greater than every string starting with `prefix` (which is not empty). */
const prefixEnd = (prefix: string): string => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

/** A page query: only the filters given, so each is a range scan of an index in run id order. */
function pageSql(workflow: boolean, before: boolean): string {
  const where = ['project = :project', ...(workflow ? ['workflow_id = :workflow'] : []), ...(before ? ['run_id < :before'] : [])];
  return `SELECT run_id FROM runs WHERE ${where.join(' AND ')} ORDER BY run_id DESC LIMIT :limit`;
}

/** How many owner records are kept in memory. */
const keptOwners = 20_000;

/** The runs of server.db. */
export function runOwnersOf(db: DatabaseSync): RunOwners {
  // Rows are only ever inserted, never changed: a record read once is kept (the oldest go first).
  const known = new Map<string, RunOwner>();
  const remember = (owner: RunOwner): RunOwner => {
    if (known.size >= keptOwners) known.delete(known.keys().next().value!);
    known.set(owner.runId, owner);
    return owner;
  };
  const exact = (runId: string): RunOwner | undefined => {
    const row = known.get(runId) ?? (prepared(db, 'SELECT * FROM runs WHERE run_id = ?').get(runId) as Row | undefined);
    return row === undefined ? undefined : 'runId' in row ? row : remember(toOwner(row));
  };
  const byIds = (ids: string[]): RunOwner[] => {
    const missing = ids.filter((id) => !known.has(id));
    const read = missing.length === 0 ? [] : prepared(db, 'SELECT * FROM runs WHERE run_id IN (SELECT value FROM json_each(?))').all(JSON.stringify(missing)) as unknown as Row[];
    const fresh = new Map(read.map((row) => [row.run_id, remember(toOwner(row))]));
    return ids.flatMap((id) => known.get(id) ?? fresh.get(id) ?? []);
  };
  // Run ids are lower-case; a prefix typed in upper case still finds its run.
  const byPrefix = (project: string, prefix: string): Row[] => prepared(db, 'SELECT * FROM runs WHERE project = ? AND run_id >= ? AND run_id < ? ORDER BY run_id LIMIT 2')
    .all(project, prefix, prefixEnd(prefix)) as unknown as Row[];
  // Pages are asked for again and again (dashboards poll them); they change only when a run is
  // owned, which only a server does: here (cleared at once), or in another server process on the
  // same data directory (seen within a second).
  const pages = new ChangeGuardedMemo(db, (key: string): readonly RunOwner[] => {
    const [project, workflow, before, limit] = JSON.parse(key) as [string, string | null, string | null, number];
    const params = { project, limit, ...(workflow !== null && { workflow }), ...(before !== null && { before }) };
    return byIds((prepared(db, pageSql(workflow !== null, before !== null)).all(params) as Array<{ run_id: string }>).map((r) => r.run_id));
  }, { recheckMs: 1000 });
  return {
    own(o) {
      transaction(db, () => {
        prepared(db, 'INSERT INTO runs (run_id, project, workflow_id, version, created_at) VALUES (?, ?, ?, ?, ?)').run(o.runId, o.project, o.workflowId, o.version, o.createdAt);
        prepared(db, 'INSERT INTO run_counts (project, workflow_id, runs) VALUES (?, ?, 1) ON CONFLICT (project, workflow_id) DO UPDATE SET runs = runs + 1').run(o.project, o.workflowId);
      });
      pages.clear();
    },
    find(project, idOrPrefix) {
      if (idOrPrefix === '') return undefined;
      const found = exact(idOrPrefix);
      if (found?.project === project) return found;
      for (const prefix of new Set([idOrPrefix, idOrPrefix.toLowerCase()])) {
        const rows = byPrefix(project, prefix);
        if (rows.length > 0) return rows.length === 1 ? remember(toOwner(rows[0]!)) : undefined;
      }
      return undefined;
    },
    page: (project, { workflow, before, limit }) => pages.get(JSON.stringify([project, workflow ?? null, before ?? null, limit]))!,
    count: (project, workflowId) => (prepared(db, 'SELECT runs FROM run_counts WHERE project = ? AND workflow_id = ?').get(project, workflowId) as { runs: number } | undefined)?.runs ?? 0,
    projectOf: (runId) => exact(runId)?.project,
  };
}
