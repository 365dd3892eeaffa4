-- 0001: apps, users, tokens, conversations with gap-free message sequences, per-device cursors.
CREATE TABLE apps (
  id INTEGER PRIMARY KEY,
  org TEXT NOT NULL,
  name TEXT NOT NULL,
  uuid TEXT NOT NULL UNIQUE,
  client_id TEXT NOT NULL UNIQUE,
  client_secret_hash TEXT NOT NULL,
  settings TEXT NOT NULL,            -- JSON AppSettings
  created_at INTEGER NOT NULL,
  UNIQUE (org, name)
);

CREATE TABLE users (
  app_id INTEGER NOT NULL REFERENCES apps(id),
  username TEXT NOT NULL,
  uuid TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  nickname TEXT NOT NULL DEFAULT '',
  activated INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  modified_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, username)
) WITHOUT ROWID;

-- Only a SHA-256 of each random token is kept; username NULL marks an app admin token.
CREATE TABLE tokens (
  token_hash TEXT PRIMARY KEY,
  app_id INTEGER NOT NULL REFERENCES apps(id),
  username TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX tokens_by_user ON tokens (app_id, username);

-- One ordered log per conversation; last_seq is bumped in the insert transaction (gap-free).
CREATE TABLE conversations (
  id INTEGER PRIMARY KEY,
  app_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  last_seq INTEGER NOT NULL DEFAULT 0,
  UNIQUE (app_id, key)
);

-- How each member names the conversation's queue (the peer's id for 1:1).
CREATE TABLE conversation_members (
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  queue TEXT NOT NULL,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  PRIMARY KEY (app_id, owner, queue)
) WITHOUT ROWID;

-- `meta` is the encoded easemob.pb.Meta every receiver gets, encoded once.
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,            -- server message id (time-ordered 64-bit)
  app_id INTEGER NOT NULL,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  seq INTEGER NOT NULL,
  sender TEXT NOT NULL,
  sender_resource TEXT NOT NULL,
  client_msg_id TEXT NOT NULL,
  recipient TEXT NOT NULL,
  chat_type INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  meta BLOB NOT NULL,
  UNIQUE (conversation_id, seq),
  UNIQUE (conversation_id, sender, client_msg_id)  -- a resend with the same client id stores nothing new
);

CREATE TABLE devices (
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  resource TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  PRIMARY KEY (app_id, owner, resource)
) WITHOUT ROWID;

-- How far each device has acknowledged each conversation; user_cursors keep the furthest any device
-- got, which is where a new device starts (it gets what no device of the user has seen yet).
CREATE TABLE device_cursors (
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  resource TEXT NOT NULL,
  conversation_id INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  PRIMARY KEY (app_id, owner, resource, conversation_id)
) WITHOUT ROWID;

CREATE TABLE user_cursors (
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  conversation_id INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  PRIMARY KEY (app_id, owner, conversation_id)
) WITHOUT ROWID;
