-- 0003 (PostgreSQL): the same as the SQLite adapter's 0003.
ALTER TABLE messages ADD COLUMN ref_id BIGINT;
CREATE INDEX messages_by_ref ON messages (conversation_id, ref_id) WHERE ref_id IS NOT NULL;

CREATE TABLE chat_files (
  uuid TEXT PRIMARY KEY,
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  chat_type TEXT NOT NULL,
  chat_target TEXT NOT NULL,
  secret TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  storage_key TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
