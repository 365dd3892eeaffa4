-- 0009 (groups issue, messaging): online-only messages (deliverOnlineOnly, Meta.routetype ROUTE_ONLINE)
-- and group read receipts. An online-only message is in its conversation's log like any other (ordered,
-- pushed or drained), but a device reads it only in a session that began before it was sent, and history
-- leaves it out. A group read receipt is one row per reader and message (getGroupMsgReadUser lists them,
-- the sender is told the count).
ALTER TABLE messages ADD COLUMN online_only INTEGER NOT NULL DEFAULT 0;

CREATE TABLE group_read_acks (
  app_id INTEGER NOT NULL,
  message_id INTEGER NOT NULL,
  reader TEXT NOT NULL,
  read_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, message_id, reader)
) WITHOUT ROWID;
CREATE INDEX group_read_acks_in_order ON group_read_acks (app_id, message_id, read_at, reader);
