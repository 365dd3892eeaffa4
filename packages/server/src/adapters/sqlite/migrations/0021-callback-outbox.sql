-- 0021 (app server, issue 19): callbacks to the app server wait here until it answers 2xx, so none is lost
-- across a restart or a kill -9. One stream (a conversation, a user) goes out in id order; event_key makes
-- a resent message enqueue nothing new.
CREATE TABLE callback_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  app_id INTEGER NOT NULL,
  event_key TEXT NOT NULL,
  stream TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  UNIQUE (app_id, event_key)
);
CREATE INDEX callback_outbox_by_stream ON callback_outbox (stream, id);
CREATE INDEX callback_outbox_by_due ON callback_outbox (next_at);
