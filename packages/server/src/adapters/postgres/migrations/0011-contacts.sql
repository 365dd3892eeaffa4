-- 0011 (contacts issue): contacts (one row per side, each with its own remark), pending friend requests
-- and per-user blocklists. Primary keys put one owner's rows side by side, ordered by the other user's id
-- (the order lists and cursors use).
CREATE TABLE contacts (
  app_id INTEGER NOT NULL,
  owner TEXT COLLATE "C" NOT NULL,
  friend TEXT COLLATE "C" NOT NULL,
  remark TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, owner, friend)
);

CREATE TABLE contact_requests (
  app_id INTEGER NOT NULL,
  invitee TEXT COLLATE "C" NOT NULL,
  requester TEXT COLLATE "C" NOT NULL,
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, invitee, requester)
);

CREATE TABLE user_blocks (
  app_id INTEGER NOT NULL,
  owner TEXT COLLATE "C" NOT NULL,
  blocked TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, owner, blocked)
);
