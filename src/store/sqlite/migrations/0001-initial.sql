-- 0001: runs, their append-only histories, logs, the command inbox and sealed secrets.
-- Tables are STRICT (a wrong type is an error, not a silent conversion). Status and conclusion are
-- not CHECK-constrained: a new status must not need a table rebuild.

-- One row per run: the summary projection of its history, kept in step by `append`, plus the
-- process that owns it. `last_seq` is the seq of the history's last event; appends compare-and-set
-- it, so a writer that lost the run cannot add to its history.
CREATE TABLE runs (
  id TEXT PRIMARY KEY NOT NULL,
  workflow_name TEXT NOT NULL,
  workflow_file TEXT NOT NULL,
  event TEXT NOT NULL,
  status TEXT NOT NULL,
  conclusion TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  concurrency_group TEXT,
  last_seq INTEGER NOT NULL DEFAULT 0,
  owner_id TEXT,
  owner_pid INTEGER,
  owner_host TEXT,
  lease_until INTEGER
) STRICT, WITHOUT ROWID;

CREATE INDEX runs_by_created ON runs (created_at, id);
CREATE INDEX runs_by_status ON runs (status, created_at);
CREATE INDEX runs_by_file ON runs (workflow_file, created_at);
CREATE INDEX runs_by_group ON runs (concurrency_group, created_at) WHERE concurrency_group IS NOT NULL;
CREATE INDEX runs_by_owner ON runs (owner_id) WHERE owner_id IS NOT NULL;

-- The history. `data` holds the whole event as JSON (seq, at and type included), so reading
-- it back is one JSON.parse; the other columns exist for queries.
CREATE TABLE events (
  run_id TEXT NOT NULL REFERENCES runs (id),
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
) STRICT, WITHOUT ROWID;

-- Recorded history is never rewritten: every state is derived from it.
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;

-- Step output, already masked. `seq` increases per run; it is not unique, so a repeated chunk
-- never fails the commit of the events it travels with.
CREATE TABLE logs (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs (id),
  step_key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  stream TEXT NOT NULL,
  text TEXT NOT NULL
) STRICT;

CREATE INDEX logs_by_run ON logs (run_id, seq);
CREATE INDEX logs_by_step ON logs (run_id, step_key, seq);

-- The inbox of commands from other processes (cancel, approve, signal, decide). AUTOINCREMENT:
-- ids are shown to people and must never be reused.
CREATE TABLE commands (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL REFERENCES runs (id),
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  taken INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX commands_pending ON commands (run_id, id) WHERE taken = 0;

-- A run's secrets, sealed by the Sealer; replaced whole.
CREATE TABLE secrets (
  run_id TEXT PRIMARY KEY NOT NULL REFERENCES runs (id),
  sealed TEXT NOT NULL
) STRICT, WITHOUT ROWID;
