-- 0004 (conversations issue): what each member keeps about a conversation (read pointer, pin, marks,
-- one-way deletions), message edits, reports and pinned messages.
CREATE TABLE user_conversations (
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  read_seq INTEGER NOT NULL DEFAULT 0,        -- monotone read pointer (never lowered)
  hidden_seq INTEGER NOT NULL DEFAULT 0,      -- deleted from the list up to this position
  cleared_seq INTEGER NOT NULL DEFAULT 0,     -- history deleted for the owner up to this position
  cleared_before INTEGER NOT NULL DEFAULT 0,  -- history deleted for the owner before this time (ms)
  pinned_at INTEGER,                          -- NULL = not pinned
  marks INTEGER NOT NULL DEFAULT 0,           -- bit n = mark_n
  PRIMARY KEY (app_id, owner, conversation_id)
) WITHOUT ROWID;

-- One-way deletion of single messages: hidden from the owner's history only.
CREATE TABLE message_deletions (
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  message_id INTEGER NOT NULL,
  PRIMARY KEY (app_id, owner, message_id)
) WITHOUT ROWID;

-- The current body of an edited message (the EDIT entries themselves are in the conversation log).
CREATE TABLE message_edits (
  message_id INTEGER PRIMARY KEY,
  app_id INTEGER NOT NULL,
  count INTEGER NOT NULL,
  meta BLOB NOT NULL,
  edited_at INTEGER NOT NULL,
  operator TEXT NOT NULL
);

CREATE TABLE message_reports (
  id INTEGER PRIMARY KEY,
  app_id INTEGER NOT NULL,
  reporter TEXT NOT NULL,
  message_id INTEGER NOT NULL,
  report_type TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE message_pins (
  app_id INTEGER NOT NULL,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  message_id INTEGER NOT NULL,
  operator TEXT NOT NULL,
  pinned_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, conversation_id, message_id)
) WITHOUT ROWID;
