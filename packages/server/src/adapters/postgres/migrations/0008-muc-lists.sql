-- 0008 (groups issue): what a group (later a chat room) keeps about its users besides membership.
-- User lists: mute (expires_at: when the mute ends, -1 = never), allow, block, and each member's own shield.
-- The primary key puts one user's entries of one MUC side by side: the send path reads them in one lookup.
CREATE TABLE muc_user_lists (
  app_id INTEGER NOT NULL,
  muc_id TEXT NOT NULL,
  username TEXT NOT NULL,
  list TEXT NOT NULL,                       -- 'mute' | 'allow' | 'block' | 'shield'
  expires_at BIGINT NOT NULL,               -- ms since the epoch; -1 = never
  created_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, muc_id, username, list)
);
CREATE INDEX muc_user_lists_by_list ON muc_user_lists (app_id, muc_id, list, created_at, username);

-- A member's custom attributes, one JSON object per member (the byte budget is checked on the whole).
CREATE TABLE muc_member_attributes (
  app_id INTEGER NOT NULL,
  muc_id TEXT NOT NULL,
  username TEXT NOT NULL,
  attributes TEXT NOT NULL,                 -- JSON object of strings
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, muc_id, username)
);

-- Shared files: the record; the bytes are storage_key in the file store.
CREATE TABLE muc_files (
  app_id INTEGER NOT NULL,
  muc_id TEXT NOT NULL,
  file_id TEXT NOT NULL,
  owner TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  storage_key TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, muc_id, file_id)
);
CREATE INDEX muc_files_by_time ON muc_files (app_id, muc_id, created_at);
