-- 0004 (PostgreSQL): the same as the SQLite adapter's 0004.
CREATE TABLE user_conversations (
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  conversation_id BIGINT NOT NULL REFERENCES conversations(id),
  read_seq BIGINT NOT NULL DEFAULT 0,
  hidden_seq BIGINT NOT NULL DEFAULT 0,
  cleared_seq BIGINT NOT NULL DEFAULT 0,
  cleared_before BIGINT NOT NULL DEFAULT 0,
  pinned_at BIGINT,
  marks INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (app_id, owner, conversation_id)
);

CREATE TABLE message_deletions (
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  message_id BIGINT NOT NULL,
  PRIMARY KEY (app_id, owner, message_id)
);

CREATE TABLE message_edits (
  message_id BIGINT PRIMARY KEY,
  app_id INTEGER NOT NULL,
  count INTEGER NOT NULL,
  meta BYTEA NOT NULL,
  edited_at BIGINT NOT NULL,
  operator TEXT NOT NULL
);

CREATE TABLE message_reports (
  id BIGSERIAL PRIMARY KEY,
  app_id INTEGER NOT NULL,
  reporter TEXT NOT NULL,
  message_id BIGINT NOT NULL,
  report_type TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE message_pins (
  app_id INTEGER NOT NULL,
  conversation_id BIGINT NOT NULL REFERENCES conversations(id),
  message_id BIGINT NOT NULL,
  operator TEXT NOT NULL,
  pinned_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, conversation_id, message_id)
);
