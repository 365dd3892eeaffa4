-- 0017 (push settings, issue 20): silent mode per user (scope 'all', target '') and per conversation
-- ('user' | 'group', target id); bound device tokens; push language and display style.
CREATE TABLE push_silent_modes (
  app_id INTEGER NOT NULL,
  username TEXT COLLATE "C" NOT NULL,
  scope TEXT COLLATE "C" NOT NULL,
  target TEXT COLLATE "C" NOT NULL,
  remind_type TEXT,
  ignore_until BIGINT,
  ignore_interval TEXT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, username, scope, target)
);
CREATE TABLE push_devices (
  app_id INTEGER NOT NULL,
  username TEXT COLLATE "C" NOT NULL,
  device_id TEXT COLLATE "C" NOT NULL,
  token TEXT COLLATE "C" NOT NULL,
  notifier TEXT COLLATE "C" NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, username, device_id)
);
CREATE TABLE push_profiles (
  app_id INTEGER NOT NULL,
  username TEXT COLLATE "C" NOT NULL,
  language TEXT NOT NULL DEFAULT '',
  display_style INTEGER NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, username)
);
