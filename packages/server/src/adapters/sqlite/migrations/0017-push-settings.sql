-- 0017 (push settings, issue 20): silent mode per user (scope 'all', target '') and per conversation
-- ('user' | 'group', target id); bound device tokens; push language and display style.
CREATE TABLE push_silent_modes (
  app_id INTEGER NOT NULL,
  username TEXT NOT NULL,
  scope TEXT NOT NULL,
  target TEXT NOT NULL,
  remind_type TEXT,
  ignore_until INTEGER,
  ignore_interval TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, username, scope, target)
);
CREATE TABLE push_devices (
  app_id INTEGER NOT NULL,
  username TEXT NOT NULL,
  device_id TEXT NOT NULL,
  token TEXT NOT NULL,
  notifier TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, username, device_id)
);
CREATE TABLE push_profiles (
  app_id INTEGER NOT NULL,
  username TEXT NOT NULL,
  language TEXT NOT NULL DEFAULT '',
  display_style INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, username)
);
