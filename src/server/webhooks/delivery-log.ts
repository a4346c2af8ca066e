/**
 * The delivery ids already acted on, per project, so a repeated delivery (a forge's retry or
 * redelivery, or a replay) starts nothing. Claiming an id is one INSERT: of two concurrent copies of
 * the same delivery only one wins. The table lives in whichever node:sqlite database the registry
 * hosts; old ids can be pruned (forges redeliver within days, not months).
 */
import type { DatabaseSync } from 'node:sqlite';

/** The table, for the host database's migrations. */
export const deliveryLogSchema = `CREATE TABLE IF NOT EXISTS webhook_deliveries (
  project TEXT NOT NULL,
  delivery_id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (project, delivery_id)
) WITHOUT ROWID`;

/** Recorded delivery ids. */
export interface DeliveryLog {
  /** Records the id; false when it was recorded before. */
  record(project: string, deliveryId: string): boolean;
  /** Removes the id, so a redelivery is acted on (used when no run could be started). */
  forget(project: string, deliveryId: string): void;
  /** Whether the id is recorded. */
  has(project: string, deliveryId: string): boolean;
  /** Removes ids received before `before` (ms); returns how many. */
  prune(before: number): number;
}

/** The delivery log in `db` (the table is created if missing). */
export function deliveryLog(db: DatabaseSync, now: () => number = Date.now): DeliveryLog {
  db.exec(deliveryLogSchema);
  const insert = db.prepare('INSERT OR IGNORE INTO webhook_deliveries (project, delivery_id, received_at) VALUES (?, ?, ?)');
  const remove = db.prepare('DELETE FROM webhook_deliveries WHERE project = ? AND delivery_id = ?');
  const select = db.prepare('SELECT 1 FROM webhook_deliveries WHERE project = ? AND delivery_id = ?');
  const prune = db.prepare('DELETE FROM webhook_deliveries WHERE received_at < ?');
  return {
    record: (project, deliveryId) => insert.run(project, deliveryId, now()).changes === 1,
    forget: (project, deliveryId) => void remove.run(project, deliveryId),
    has: (project, deliveryId) => select.get(project, deliveryId) !== undefined,
    prune: (before) => Number(prune.run(before).changes),
  };
}
