-- 0015 (threads issue): chat threads on group messages (one per message) and their members. A member's
-- delivery row in conversation_members (queue 't:<id>') is written with the membership, as a group's is.
CREATE TABLE threads (
  app_id INTEGER NOT NULL,
  id TEXT NOT NULL,
  group_id TEXT NOT NULL,
  msg_id TEXT NOT NULL,
  name TEXT NOT NULL,
  owner TEXT NOT NULL,
  member_count INTEGER NOT NULL DEFAULT 0,
  message_count INTEGER NOT NULL DEFAULT 0,
  last_message_id TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  modified_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX threads_by_message ON threads (app_id, msg_id);
CREATE INDEX threads_by_group ON threads (app_id, group_id, created_at, id);
CREATE INDEX threads_in_order ON threads (app_id, created_at, id);

CREATE TABLE thread_members (
  app_id INTEGER NOT NULL,
  thread_id TEXT NOT NULL,
  username TEXT NOT NULL,
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, thread_id, username)
) WITHOUT ROWID;
CREATE INDEX thread_members_in_order ON thread_members (app_id, thread_id, joined_at, username);
CREATE INDEX thread_members_by_user ON thread_members (app_id, username);
