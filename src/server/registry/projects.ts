/** Projects: the tenant boundary. A name is a slug, unique, and never reused for another tenant. */
import type { DatabaseSync } from 'node:sqlite';
import { prepared } from './prepared.ts';
import { AutodevopsError } from '../../core/errors.ts';
import { isSlug } from '../names.ts';

/** A project as listed. */
export interface Project {
  name: string;
  createdAt: number;
}

/** The projects table. */
export interface Projects {
  /** Creates a project; ADO_CONFLICT when the name is taken, ADO_REQUEST_INVALID when it is not a slug. */
  create(name: string): Project;
  get(name: string): Project | undefined;
  /** Every project, by name. */
  list(): Project[];
}

interface Row { name: string; created_at: number }
const toProject = (r: Row): Project => ({ name: r.name, createdAt: r.created_at });

/** The projects of server.db. */
export function projectsOf(db: DatabaseSync, now: () => number): Projects {
  // Every project request asks whether its project exists; projects are never renamed or removed,
  // so one found is kept (one not found is asked again: another process may create it).
  const known = new Map<string, Project>();
  const get = (name: string): Project | undefined => {
    const found = known.get(name);
    if (found) return found;
    const row = prepared(db, 'SELECT * FROM projects WHERE name = ?').get(name) as Row | undefined;
    const project = row && toProject(row);
    if (project && !db.isTransaction) known.set(name, project);
    return project;
  };
  return {
    create(name) {
      if (!isSlug(name)) throw new AutodevopsError('ADO_REQUEST_INVALID', `project name "${name}" is not valid`, { hint: 'Use lower-case letters, digits and "-" (at most 63), starting with a letter or digit.' });
      const inserted = prepared(db, 'INSERT INTO projects (name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING').run(name, now());
      if (inserted.changes === 0) throw new AutodevopsError('ADO_CONFLICT', `project "${name}" already exists`);
      return get(name)!;
    },
    get,
    list: () => (prepared(db, 'SELECT * FROM projects ORDER BY name').all() as unknown as Row[]).map(toProject),
  };
}
