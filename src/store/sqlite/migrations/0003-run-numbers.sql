-- 0003: the last `github.run_number` given out per workflow file. A number is taken with one atomic
-- upsert, so runs started at the same moment (200 pushes, concurrent webhooks, a CLI beside the
-- server) never share one, and taking it costs the same whatever the number of runs. Existing
-- databases continue from the number of runs each file has had, as numbers were counted before.
CREATE TABLE run_numbers (
  workflow_file TEXT PRIMARY KEY NOT NULL,
  last INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO run_numbers (workflow_file, last) SELECT workflow_file, count(*) FROM runs GROUP BY workflow_file;
