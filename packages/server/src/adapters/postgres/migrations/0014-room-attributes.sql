-- 0014 (chat rooms, live side): a chat room's custom attributes, one row per key, with the member who set it
-- (only that member changes or removes it unless forced) and whether it goes when that member leaves.
CREATE TABLE room_attributes (
  app_id INTEGER NOT NULL,
  room_id TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  owner TEXT NOT NULL,
  auto_delete BOOLEAN NOT NULL,             -- removed when owner leaves the room
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, room_id, key)
);
CREATE INDEX room_attributes_by_owner ON room_attributes (app_id, room_id, owner);
