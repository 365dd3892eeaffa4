-- 0001: apps, users, tokens, messages and per-device delivery queues.
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

-- One row per message; `meta` is the encoded easemob.pb.Meta every receiver gets, encoded once.
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,            -- server message id (time-ordered 64-bit)
  app_id INTEGER NOT NULL,
  sender TEXT NOT NULL,
  sender_resource TEXT NOT NULL,
  client_msg_id TEXT NOT NULL,
  recipient TEXT NOT NULL,
  chat_type INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  meta BLOB NOT NULL,
  UNIQUE (app_id, sender, client_msg_id)  -- a resend with the same client id stores nothing new
);

-- Each user's queues (one per conversation peer). pos is the commit order and the sync cursor.
CREATE TABLE queue_items (
  pos INTEGER PRIMARY KEY AUTOINCREMENT,
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  queue TEXT NOT NULL,
  message_id INTEGER NOT NULL,
  origin_resource TEXT               -- the sending device, which must not get its own message back
);
CREATE INDEX queue_items_by_queue ON queue_items (app_id, owner, queue, pos);

CREATE TABLE devices (
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  resource TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  PRIMARY KEY (app_id, owner, resource)
) WITHOUT ROWID;

-- How far each device has acknowledged each queue; user_cursors keep the furthest any device got,
-- which is where a new device starts (it gets what no device of the user has seen yet).
CREATE TABLE device_cursors (
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  resource TEXT NOT NULL,
  queue TEXT NOT NULL,
  pos INTEGER NOT NULL,
  PRIMARY KEY (app_id, owner, resource, queue)
) WITHOUT ROWID;

CREATE TABLE user_cursors (
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  queue TEXT NOT NULL,
  pos INTEGER NOT NULL,
  PRIMARY KEY (app_id, owner, queue)
) WITHOUT ROWID;
