-- 0011 (contacts issue): contacts (one row per side, each with its own remark), pending friend requests
-- and per-user blocklists. Primary keys put one owner's rows side by side, ordered by the other user's id
-- (the order lists and cursors use).
CREATE TABLE contacts (
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  friend TEXT NOT NULL,
  remark TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, owner, friend)
) WITHOUT ROWID;

CREATE TABLE contact_requests (
  app_id INTEGER NOT NULL,
  invitee TEXT NOT NULL,
  requester TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, invitee, requester)
) WITHOUT ROWID;

CREATE TABLE user_blocks (
  app_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  blocked TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, owner, blocked)
) WITHOUT ROWID;
