-- Generated from the migrations by src/store/sqlite/migrations.test.ts; do not edit.
-- Refresh: ADO_UPDATE_SCHEMA=1 npx vitest run src/store/sqlite/migrations.test.ts

CREATE TABLE commands (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL REFERENCES runs (id),
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  taken INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE concurrency_slots (
  grp TEXT PRIMARY KEY NOT NULL,
  run_id TEXT NOT NULL REFERENCES runs (id),
  job_key TEXT NOT NULL,
  acquired_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE "events" (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs (id),
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  UNIQUE (run_id, seq)
) STRICT;

CREATE TABLE logs (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs (id),
  step_key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  stream TEXT NOT NULL,
  text TEXT NOT NULL
) STRICT;

CREATE TABLE run_numbers (
  workflow_file TEXT PRIMARY KEY NOT NULL,
  last INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

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

CREATE TABLE secrets (
  run_id TEXT PRIMARY KEY NOT NULL REFERENCES runs (id),
  sealed TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX commands_pending ON commands (run_id, id) WHERE taken = 0;

CREATE INDEX concurrency_slots_by_run ON concurrency_slots (run_id);

CREATE INDEX logs_by_run ON logs (run_id, seq);

CREATE INDEX logs_by_step ON logs (run_id, step_key, seq);

CREATE INDEX runs_by_created ON runs (created_at, id);

CREATE INDEX runs_by_file ON runs (workflow_file, created_at);

CREATE INDEX runs_by_group ON runs (concurrency_group, created_at) WHERE concurrency_group IS NOT NULL;

CREATE INDEX runs_by_owner ON runs (owner_id) WHERE owner_id IS NOT NULL;

CREATE INDEX runs_by_status ON runs (status, created_at);

CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;

PRAGMA user_version = 4;
