/**
 * The one statement per append entry that checks the run's last seq and applies its summary
 * fields. One prepared statement per combination of fields given (at most 16), made on first use.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { AppendEntry } from '../../engine/ports/store.ts';
import { appendToRun, summaryColumns } from './queries.ts';

const fields = Object.keys(summaryColumns) as Array<keyof typeof summaryColumns>;

/** Applies summaries with compare-and-set on `last_seq`. */
export class SummaryUpdate {
  readonly #db: DatabaseSync;
  readonly #statements: Array<StatementSync | undefined> = [];

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Sets `last_seq` (when not null) and the summary; false when the run is missing or its history does not end at `expected`. */
  run(runId: string, lastSeq: number | null, expected: number | null, summary: AppendEntry['summary']): boolean {
    const args: SQLInputValue[] = [lastSeq, runId, expected];
    let mask = 0;
    if (summary !== undefined) {
      for (let i = 0; i < fields.length; i++) {
        const value = summary[fields[i]!];
        if (value === undefined) continue;
        mask |= 1 << i;
        args.push(value);
      }
    }
    return this.#statement(mask).run(...args).changes === 1;
  }

  #statement(mask: number): StatementSync {
    let statement = this.#statements[mask];
    if (statement === undefined) {
      const columns = fields.filter((_, i) => (mask & (1 << i)) !== 0).map((f) => summaryColumns[f]);
      statement = this.#db.prepare(appendToRun(columns));
      this.#statements[mask] = statement;
    }
    return statement;
  }
}
