/**
 * `listRuns`: the filters given pick a WHERE clause from named fragments, so each combination is a
 * plain indexed query, prepared on first use and cached (at most 16).
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { RunQuery, RunSummary } from '../../engine/ports/store.ts';
import { listRuns, runFilters } from './queries.ts';
import { toRunSummary } from './rows.ts';

type Filter = keyof typeof runFilters;

/** Lists runs newest first, with prepared statements per filter combination. */
export class RunLister {
  readonly #db: DatabaseSync;
  readonly #cache = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Runs matching every filter given, newest first. */
  list(query: RunQuery): RunSummary[] {
    const params: Record<string, SQLInputValue> = { limit: query.limit ?? -1 };
    const used: Filter[] = [];
    const add = (filter: Filter, value: SQLInputValue | undefined): void => {
      if (value === undefined) return;
      used.push(filter);
      params[filter] = value;
    };
    add('status', query.status === undefined ? undefined : JSON.stringify(query.status));
    add('workflowFile', query.workflowFile);
    add('concurrencyGroup', query.concurrencyGroup);
    add('before', query.before);
    return this.#statement(used).all(params).map(toRunSummary);
  }

  #statement(filters: Filter[]): StatementSync {
    const key = filters.join(',');
    let statement = this.#cache.get(key);
    if (statement === undefined) {
      const where = filters.length === 0 ? 'true' : filters.map((f) => runFilters[f]).join(' AND ');
      statement = this.#db.prepare(listRuns(where));
      this.#cache.set(key, statement);
    }
    return statement;
  }
}
