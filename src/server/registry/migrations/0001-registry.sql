-- 0001: the server registry. Projects are the tenant boundary: every other row names its project.
-- Tokens of project '*' are server-wide (no project row). Secret values are sealed (AES-256-GCM)
-- with the key whose id is `key_id`; meta.secrets_key_id names the key new values are sealed with.
CREATE TABLE meta (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE projects (
  name TEXT PRIMARY KEY NOT NULL,
  created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE tokens (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  project TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER
) STRICT;
CREATE INDEX tokens_by_project ON tokens (project, created_at);

CREATE TABLE workflows (
  project TEXT NOT NULL REFERENCES projects (name),
  id TEXT NOT NULL,
  source TEXT NOT NULL,
  file TEXT NOT NULL,
  latest_version TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (project, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE workflow_versions (
  project TEXT NOT NULL,
  workflow_id TEXT NOT NULL,
  version TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('commit', 'content')),
  source TEXT NOT NULL,
  file TEXT NOT NULL,
  name TEXT NOT NULL,
  triggers TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (project, workflow_id, version),
  FOREIGN KEY (project, workflow_id) REFERENCES workflows (project, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE runs (
  run_id TEXT PRIMARY KEY NOT NULL,
  project TEXT NOT NULL REFERENCES projects (name),
  workflow_id TEXT NOT NULL,
  version TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX runs_by_project ON runs (project, run_id);
CREATE INDEX runs_by_workflow ON runs (project, workflow_id, run_id);

CREATE TABLE variables (
  project TEXT NOT NULL REFERENCES projects (name),
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (project, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE secrets (
  project TEXT NOT NULL REFERENCES projects (name),
  name TEXT NOT NULL,
  sealed TEXT NOT NULL,
  key_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (project, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE webhook_secrets (
  project TEXT NOT NULL REFERENCES projects (name),
  kind TEXT NOT NULL CHECK (kind IN ('github', 'gitlab', 'hmac')),
  sealed TEXT NOT NULL,
  key_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (project, kind)
) STRICT, WITHOUT ROWID;

CREATE TABLE project_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  project TEXT NOT NULL,
  run_id TEXT NOT NULL,
  history_seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  UNIQUE (run_id, history_seq)
) STRICT;
CREATE INDEX project_events_by_project ON project_events (project, seq);
