-- 0023 (offline push, issue 20): the durable delivery queue, per-app provider credentials, push templates
-- and push labels with their members.
CREATE TABLE push_jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  app_id INTEGER NOT NULL,
  username TEXT NOT NULL,
  device_id TEXT NOT NULL,
  provider TEXT NOT NULL,
  token TEXT NOT NULL,
  notification TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  lease_until INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX push_jobs_due ON push_jobs (due_at);
CREATE INDEX push_jobs_user ON push_jobs (app_id, username);
CREATE TABLE push_providers (
  app_id INTEGER NOT NULL,
  provider TEXT NOT NULL,
  config TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, provider)
);
CREATE TABLE push_templates (
  app_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  title_pattern TEXT NOT NULL,
  content_pattern TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, name)
);
CREATE TABLE push_labels (
  app_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, name)
);
CREATE TABLE push_label_members (
  app_id INTEGER NOT NULL,
  label TEXT NOT NULL,
  username TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, label, username)
);
