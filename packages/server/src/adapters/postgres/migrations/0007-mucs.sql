-- 0007 (groups issue): multi-user chats (groups; chat rooms later share the tables with kind 'room'),
-- their members with roles, and pending join requests / invitations. A member's delivery row in
-- conversation_members (queue 'g:<id>') is written with the membership; start_seq is where a member's
-- devices start in the log (a new member does not get the backlog as unread).
CREATE TABLE mucs (
  app_id INTEGER NOT NULL,
  id TEXT NOT NULL,
  kind TEXT NOT NULL,                       -- 'group' | 'room'
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  avatar TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL,
  public BOOLEAN NOT NULL,
  approval BOOLEAN NOT NULL,
  allow_invites BOOLEAN NOT NULL,
  invite_need_confirm BOOLEAN NOT NULL,
  max_users INTEGER NOT NULL,
  custom TEXT NOT NULL DEFAULT '',
  announcement TEXT NOT NULL DEFAULT '',
  all_muted BOOLEAN NOT NULL DEFAULT FALSE,
  disabled BOOLEAN NOT NULL DEFAULT FALSE,
  member_count INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  modified_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, id)
);
CREATE INDEX mucs_by_kind ON mucs (app_id, kind, public, id);

CREATE TABLE muc_members (
  app_id INTEGER NOT NULL,
  muc_id TEXT NOT NULL,
  username TEXT NOT NULL,
  role TEXT NOT NULL,                       -- 'owner' | 'admin' | 'member'
  joined_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, muc_id, username)
);
CREATE INDEX muc_members_by_user ON muc_members (app_id, username, joined_at);

CREATE TABLE muc_requests (
  app_id INTEGER NOT NULL,
  muc_id TEXT NOT NULL,
  type TEXT NOT NULL,                       -- 'apply' | 'invite'
  username TEXT NOT NULL,
  inviter TEXT,
  reason TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, muc_id, type, username)
);

ALTER TABLE conversation_members ADD COLUMN start_seq BIGINT NOT NULL DEFAULT 0;
