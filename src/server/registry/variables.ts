/** Project variables: plain configuration values that dispatched runs see as `vars`. */
import type { DatabaseSync } from 'node:sqlite';
import { prepared } from './prepared.ts';

/** A variable as listed. */
export interface Variable {
  name: string;
  value: string;
  updatedAt: number;
}

/** The variables table. */
export interface Variables {
  /** Creates or replaces; true when it was created. */
  put(project: string, name: string, value: string): boolean;
  get(project: string, name: string): Variable | undefined;
  list(project: string): Variable[];
  /** False when there was no such variable. */
  remove(project: string, name: string): boolean;
  /** name → value, for a run. */
  values(project: string): Record<string, string>;
}

interface Row { name: string; value: string; updated_at: number }
const toVariable = (r: Row): Variable => ({ name: r.name, value: r.value, updatedAt: r.updated_at });

/** The variables of server.db. */
export function variablesOf(db: DatabaseSync, now: () => number): Variables {
  const get = (project: string, name: string): Variable | undefined => {
    const row = prepared(db, 'SELECT name, value, updated_at FROM variables WHERE project = ? AND name = ?').get(project, name) as Row | undefined;
    return row && toVariable(row);
  };
  const list = (project: string): Variable[] => (prepared(db, 'SELECT name, value, updated_at FROM variables WHERE project = ? ORDER BY name').all(project) as unknown as Row[]).map(toVariable);
  return {
    put(project, name, value) {
      const existed = get(project, name) !== undefined;
      prepared(db, 'INSERT INTO variables (project, name, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (project, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
        .run(project, name, value, now());
      return !existed;
    },
    get,
    list,
    remove: (project, name) => prepared(db, 'DELETE FROM variables WHERE project = ? AND name = ?').run(project, name).changes > 0,
    values: (project) => Object.fromEntries(list(project).map((v) => [v.name, v.value])),
  };
}
