-- Resend detection keyed by the client's message id first. The SDK's ids grow with time (ms since 2010
-- plus a counter), so new keys land on the index's last pages, shared by every conversation; keyed by
-- conversation first, each message dirtied one more page of its own conversation (one more WAL frame to
-- write, sync and checkpoint per message). The unique key is the same three columns: a resend is still
-- the same client id from the same sender in the same conversation.
--
-- SQLite cannot drop a table's UNIQUE constraint, so the table is rebuilt (nothing references it).
CREATE TABLE messages_rebuilt (
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
  ref_id INTEGER,
  UNIQUE (conversation_id, seq)
);
INSERT INTO messages_rebuilt
  (id, app_id, conversation_id, seq, sender, sender_resource, client_msg_id, recipient, chat_type, created_at, meta, ref_id)
  SELECT id, app_id, conversation_id, seq, sender, sender_resource, client_msg_id, recipient, chat_type, created_at, meta, ref_id
    FROM messages;
DROP TABLE messages;
ALTER TABLE messages_rebuilt RENAME TO messages;
CREATE UNIQUE INDEX messages_by_client_id ON messages (client_msg_id, conversation_id, sender);
CREATE INDEX messages_by_ref ON messages (conversation_id, ref_id) WHERE ref_id IS NOT NULL;
