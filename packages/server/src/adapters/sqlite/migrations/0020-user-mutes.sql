-- 0020 (app server, issue 19): global mutes. Until when (ms epoch) each kind of message of the user is
-- refused (506): one-to-one, group, chat room; 0 = not muted, -1 = forever.
CREATE TABLE user_mutes (
  app_id INTEGER NOT NULL,
  username TEXT NOT NULL,
  chat_until INTEGER NOT NULL,
  groupchat_until INTEGER NOT NULL,
  chatroom_until INTEGER NOT NULL,
  PRIMARY KEY (app_id, username)
) WITHOUT ROWID;
