-- 0016 (reactions issue): who added which reaction to a message. `id` keeps the order of adds (the first
-- users of a reaction, the order of a message's reactions).
CREATE TABLE message_reactions (
  id INTEGER PRIMARY KEY,
  app_id INTEGER NOT NULL,
  message_id INTEGER NOT NULL,
  reaction TEXT NOT NULL,
  username TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (app_id, message_id, reaction, username)
);
CREATE INDEX message_reactions_by_message ON message_reactions (app_id, message_id, id);
