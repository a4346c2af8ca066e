-- 0002: how many runs each registered workflow has had, kept beside the runs table in the same
-- transaction as each run's ownership. `github.run_number` of a dispatched run is this count + 1;
-- counting the runs table instead read every run of the workflow (3 ms at 100,000 runs).
CREATE TABLE run_counts (
  project TEXT NOT NULL,
  workflow_id TEXT NOT NULL,
  runs INTEGER NOT NULL,
  PRIMARY KEY (project, workflow_id)
) STRICT, WITHOUT ROWID;

INSERT INTO run_counts (project, workflow_id, runs) SELECT project, workflow_id, count(*) FROM runs GROUP BY project, workflow_id;
