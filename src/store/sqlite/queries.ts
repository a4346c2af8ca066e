/**
 * Every statement the SQLite store runs, one named constant each, prepared once per connection.
 * Hot-path statements (appending events and logs) take positional parameters, in the order their
 * comment gives, to spare an object per row.
 */

const runColumns = `id, workflow_name, workflow_file, event, status, conclusion, created_at, updated_at,
  concurrency_group, owner_id, owner_pid, owner_host, lease_until`;

/** Adds a run; `last_seq` is the seq of its last initial event. */
export const insertRun = `INSERT INTO runs (id, workflow_name, workflow_file, event, status, conclusion, created_at,
  updated_at, concurrency_group, last_seq, owner_id, owner_pid, owner_host, lease_until)
VALUES (:id, :workflowName, :workflowFile, :event, :status, :conclusion, :createdAt,
  :updatedAt, :concurrencyGroup, :lastSeq, :ownerId, :ownerPid, :ownerHost, :leaseUntil)`;

/** Appends `rows` events in one statement. Parameters: run_id, seq, at, type, data for each row. */
export const insertEvents = (rows: number): string => `INSERT INTO events (run_id, seq, at, type, data) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?)').join(', ')}`;

/** Summary columns an append may set, by field of `AppendEntry.summary`. */
export const summaryColumns = {
  status: 'status',
  conclusion: 'conclusion',
  updatedAt: 'updated_at',
  concurrencyGroup: 'concurrency_group',
} as const;

/**
 * Moves `last_seq` and sets the given summary columns, only when the stored history ends at the
 * expected seq (NULL: the entry has no events, nothing to check). One row changed = accepted.
 * Only the columns given are SET, so an unchanged status does not rewrite its index entry.
 * Parameters: last_seq (NULL: keep), id, expected last_seq, then one value per column, in order.
 */
export const appendToRun = (columns: readonly string[]): string => `UPDATE runs SET last_seq = coalesce(?1, last_seq)${
  columns.map((column, i) => `, ${column} = ?${i + 4}`).join('')} WHERE id = ?2 AND (?3 IS NULL OR last_seq = ?3)`;

/** The seq of a run's last event, for conflict messages. */
export const selectLastSeq = 'SELECT last_seq FROM runs WHERE id = :id';

/** A run's history in order. */
export const selectHistory = 'SELECT data FROM events WHERE run_id = :runId AND seq > :afterSeq ORDER BY seq';

/** One run by exact id. */
export const selectRun = `SELECT ${runColumns} FROM runs WHERE id = :id`;

/** The runs whose ids are in a JSON array (in no particular order). */
export const selectRunsByIds = `SELECT ${runColumns} FROM runs WHERE id IN (SELECT value FROM json_each(:ids))`;

/** Up to two runs whose ids fall in [:low, :high): enough to tell a unique prefix from an ambiguous one. */
export const selectRunsInIdRange = `SELECT ${runColumns} FROM runs WHERE id >= :low AND id < :high ORDER BY id LIMIT 2`;

/** Filters of `listRuns`, combined with AND; each prepared combination is cached. */
export const runFilters = {
  status: 'status IN (SELECT value FROM json_each(:status))',
  workflowFile: 'workflow_file = :workflowFile',
  concurrencyGroup: 'concurrency_group = :concurrencyGroup',
  before: '(created_at, id) < (SELECT created_at, id FROM runs WHERE id = :before)',
} as const;

/** Runs newest first, with the given filters (`true` for none). */
export const listRuns = (where: string): string =>
  `SELECT ${runColumns} FROM runs WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT :limit`;

/** Takes a run if its owner is still the expected one (`IS` also matches NULL = unowned). */
export const claimRun = `UPDATE runs SET owner_id = :ownerId, owner_pid = :pid, owner_host = :host, lease_until = :leaseUntil
WHERE id = :runId AND owner_id IS :expectedOwnerId`;

/** Extends every lease an owner holds. */
export const renewLeases = 'UPDATE runs SET lease_until = :leaseUntil WHERE owner_id = :ownerId';

/** Gives a run up, if this owner holds it. */
export const releaseRun = `UPDATE runs SET owner_id = NULL, owner_pid = NULL, owner_host = NULL, lease_until = NULL
WHERE id = :runId AND owner_id = :ownerId`;

/** Appends one log chunk. Parameters: run_id, step_key, seq, at, stream, text. */
export const insertLog = 'INSERT INTO logs (run_id, step_key, seq, at, stream, text) VALUES (?, ?, ?, ?, ?, ?)';

const logColumns = 'run_id, step_key, seq, at, stream, text';

/** A run's log chunks after a seq, in order. */
export const selectLogs = `SELECT ${logColumns} FROM logs WHERE run_id = :runId AND seq > :afterSeq ORDER BY seq, id LIMIT :limit`;

/** One step's log chunks after a seq, in order. */
export const selectStepLogs = `SELECT ${logColumns} FROM logs
WHERE run_id = :runId AND step_key = :stepKey AND seq > :afterSeq ORDER BY seq, id LIMIT :limit`;

/** Queues a command. */
export const insertCommand = 'INSERT INTO commands (run_id, at, type, data) VALUES (:runId, :at, :type, :data)';

/** Marks a pending command of a run taken; no row changed = already taken, or not this run's. Parameters: id, run_id. */
export const takeCommand = 'UPDATE commands SET taken = 1 WHERE id = ? AND run_id = ? AND taken = 0';

/** Pending commands of several runs (a JSON array of ids), oldest first. */
export const selectPendingCommands = `SELECT id, run_id, at, type, data FROM commands
WHERE taken = 0 AND run_id IN (SELECT value FROM json_each(:runIds)) ORDER BY id`;

/** Stores a run's sealed secrets, replacing earlier ones. */
export const upsertSecrets = `INSERT INTO secrets (run_id, sealed) VALUES (:runId, :sealed)
ON CONFLICT (run_id) DO UPDATE SET sealed = excluded.sealed`;

/** A run's sealed secrets. */
export const selectSecrets = 'SELECT sealed FROM secrets WHERE run_id = :runId';

/** Takes the next run number of a workflow file (1 for its first run). */
export const takeRunNumber = `INSERT INTO run_numbers (workflow_file, last) VALUES (:workflowFile, 1)
  ON CONFLICT (workflow_file) DO UPDATE SET last = last + 1 RETURNING last`;

/** Takes a concurrency group if free. Parameters: grp, runId, jobKey, at. */
export const insertSlot = 'INSERT INTO concurrency_slots (grp, run_id, job_key, acquired_at) VALUES (:grp, :runId, :jobKey, :at) ON CONFLICT (grp) DO NOTHING';

/** Who holds a concurrency group. */
export const selectSlot = 'SELECT run_id, job_key FROM concurrency_slots WHERE grp = :grp';

/** Frees a group held by this job. */
export const deleteSlot = 'DELETE FROM concurrency_slots WHERE grp = :grp AND run_id = :runId AND job_key = :jobKey';

/** Frees every group a job of a run holds. */
export const deleteJobSlots = 'DELETE FROM concurrency_slots WHERE run_id = :runId AND job_key = :jobKey';

/** Frees every group a run holds. */
export const deleteRunSlots = 'DELETE FROM concurrency_slots WHERE run_id = :runId';
