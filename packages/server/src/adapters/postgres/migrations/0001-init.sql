-- 0001 (PostgreSQL): the same model as the SQLite adapter's 0001.
CREATE TABLE apps (
  id SERIAL PRIMARY KEY,
  org TEXT NOT NULL,
  name TEXT NOT NULL,
  uuid TEXT NOT NULL UNIQUE,
  client_id TEXT NOT NULL UNIQUE,
  client_secret_hash TEXT NOT NULL,
  settings JSONB NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (org, name)
);

CREATE TABLE users (
  app_id INTEGER NOT NULL REFERENCES apps(id),
  username TEXT NOT NULL,
  uuid TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  nickname TEXT NOT NULL DEFAULT '',
  activated BOOLEAN NOT NULL DEFAULT TRUE,
  created_at BIGINT NOT NULL,
  modified_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, username)
);

CREATE TABLE tokens (
  token_hash TEXT PRIMARY KEY,
  app_id INTEGER NOT NULL REFERENCES apps(id),
  username TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX tokens_by_user ON tokens (app_id, username);

-- last_seq is bumped with UPDATE … RETURNING inside the insert transaction: the row lock orders writers of
-- one conversation, so positions are gap-free and commit in position order (readers never skip one).
CREATE TABLE conversations (
  id BIGSERIAL PRIMARY KEY,
  app_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  last_seq BIGINT NOT NULL DEFAULT 0,
  UNIQUE (app_id, key)
);

CREATE TABLE conversation_members (
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  queue TEXT NOT NULL,
  conversation_id BIGINT NOT NULL REFERENCES conversations(id),
  PRIMARY KEY (app_id, owner, queue)
);

CREATE TABLE messages (
  id BIGINT PRIMARY KEY,
  app_id INTEGER NOT NULL,
  conversation_id BIGINT NOT NULL REFERENCES conversations(id),
  seq BIGINT NOT NULL,
  sender TEXT NOT NULL,
  sender_resource TEXT NOT NULL,
  client_msg_id TEXT NOT NULL,
  recipient TEXT NOT NULL,
  chat_type INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  meta BYTEA NOT NULL,
  UNIQUE (conversation_id, seq),
  UNIQUE (conversation_id, sender, client_msg_id)
);

CREATE TABLE devices (
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  resource TEXT NOT NULL,
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  PRIMARY KEY (app_id, owner, resource)
);

CREATE TABLE device_cursors (
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  resource TEXT NOT NULL,
  conversation_id BIGINT NOT NULL,
  pos BIGINT NOT NULL,
  PRIMARY KEY (app_id, owner, resource, conversation_id)
);

CREATE TABLE user_cursors (
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  conversation_id BIGINT NOT NULL,
  pos BIGINT NOT NULL,
  PRIMARY KEY (app_id, owner, conversation_id)
);
