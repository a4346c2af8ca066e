-- 0002: job-level concurrency groups. One row per group that a job holds; a job runs only while it
-- holds its group's slot. Slots are released in the same transaction as the job's completion (or
-- the run's), so a crash never leaves one held by a finished job.
CREATE TABLE concurrency_slots (
  grp TEXT PRIMARY KEY NOT NULL,
  run_id TEXT NOT NULL REFERENCES runs (id),
  job_key TEXT NOT NULL,
  acquired_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX concurrency_slots_by_run ON concurrency_slots (run_id);
