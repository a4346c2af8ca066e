/**
 * Statements of server.db, compiled once per connection and SQL text. Compiling a statement costs
 * more than running the small indexed queries the registry makes, and the registry runs several
 * on every request (token, project, run owner), so `db.prepare` per call was most of their cost.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';

const caches = new WeakMap<DatabaseSync, Map<string, StatementSync>>();

/** `db.prepare(sql)`, compiled on first use and reused afterwards. */
export function prepared(db: DatabaseSync, sql: string): StatementSync {
  let cache = caches.get(db);
  if (cache === undefined) caches.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (statement === undefined) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}

/** How a memo looks for changes. */
export interface MemoOptions {
  /** Values kept at most (default 1000). */
  max?: number;
  /**
   * Look for changes by other connections at most this often (default 0: on every read). Above 0,
   * what another process wrote is seen up to this many milliseconds late.
   */
  recheckMs?: number;
  now?: () => number;
}

/**
 * Values read from server.db, kept by key until the database changes under another connection
 * (SQLite's `PRAGMA data_version`: another process, such as the CLI, committed) or `clear()` is
 * called (this connection wrote what they are read from). Only found values are kept.
 */
export class ChangeGuardedMemo<V> {
  readonly #db: DatabaseSync;
  readonly #read: (key: string) => V | undefined;
  readonly #max: number;
  readonly #recheckMs: number;
  readonly #now: () => number;
  #values = new Map<string, V>();
  #version: unknown;
  #checkedAt = -Infinity;

  constructor(db: DatabaseSync, read: (key: string) => V | undefined, options: MemoOptions = {}) {
    this.#db = db;
    this.#read = read;
    this.#max = options.max ?? 1000;
    this.#recheckMs = options.recheckMs ?? 0;
    this.#now = options.now ?? (() => performance.now());
  }

  /** The value for `key`, read again when server.db changed. */
  get(key: string): V | undefined {
    this.#recheck();
    let value = this.#values.get(key);
    if (value === undefined && (value = this.#read(key)) !== undefined && this.#values.size < this.#max) this.#values.set(key, value);
    return value;
  }

  /** Forgets every value (after this connection wrote). */
  clear(): void {
    this.#values = new Map();
  }

  #recheck(): void {
    if (this.#recheckMs > 0) {
      const now = this.#now();
      if (now - this.#checkedAt < this.#recheckMs) return;
      this.#checkedAt = now;
    }
    const version = prepared(this.#db, 'PRAGMA data_version').get()?.data_version;
    if (version !== this.#version) {
      this.#values = new Map();
      this.#version = version;
    }
  }
}
