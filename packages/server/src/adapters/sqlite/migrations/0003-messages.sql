-- 0003 (messages issue): recall/edit entries name the message they act on; uploaded chat files.
ALTER TABLE messages ADD COLUMN ref_id INTEGER;
CREATE INDEX messages_by_ref ON messages (conversation_id, ref_id) WHERE ref_id IS NOT NULL;

-- Metadata of uploaded attachments; the bytes live in the file store under storage_key (server-generated).
CREATE TABLE chat_files (
  uuid TEXT PRIMARY KEY,
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  chat_type TEXT NOT NULL,
  chat_target TEXT NOT NULL,
  secret TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  storage_key TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
