-- 0023 (offline push, issue 20): the durable delivery queue, per-app provider credentials, push templates
-- and push labels with their members.
CREATE TABLE push_jobs (
  id BIGSERIAL PRIMARY KEY,
  app_id INTEGER NOT NULL,
  username TEXT COLLATE "C" NOT NULL,
  device_id TEXT COLLATE "C" NOT NULL,
  provider TEXT COLLATE "C" NOT NULL,
  token TEXT NOT NULL,
  notification TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  lease_until BIGINT NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX push_jobs_due ON push_jobs (due_at);
CREATE INDEX push_jobs_user ON push_jobs (app_id, username);
CREATE TABLE push_providers (
  app_id INTEGER NOT NULL,
  provider TEXT COLLATE "C" NOT NULL,
  config TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, provider)
);
CREATE TABLE push_templates (
  app_id INTEGER NOT NULL,
  name TEXT COLLATE "C" NOT NULL,
  title_pattern TEXT NOT NULL,
  content_pattern TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, name)
);
CREATE TABLE push_labels (
  app_id INTEGER NOT NULL,
  name TEXT COLLATE "C" NOT NULL,
  description TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, name)
);
CREATE TABLE push_label_members (
  app_id INTEGER NOT NULL,
  label TEXT COLLATE "C" NOT NULL,
  username TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, label, username)
);
