-- 0013 (chat rooms, issue 16): the super admins of an app, who may create chat rooms with their own token.
CREATE TABLE room_super_admins (
  app_id INTEGER NOT NULL,
  username TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, username)
);
CREATE INDEX room_super_admins_by_time ON room_super_admins (app_id, created_at);
