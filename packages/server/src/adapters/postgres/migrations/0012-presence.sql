-- 0012 (issue 15: user attributes and presence).
-- User attributes: one JSON object of strings per user; `bytes` (its UTF-8 JSON size) for the capacity sum.
CREATE TABLE user_attributes (
  app_id INTEGER NOT NULL,
  username TEXT NOT NULL,
  attributes TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, username)
);

-- Presence subscriptions: subscriber follows target until expires_at (ms). The primary key serves a
-- subscriber's list; the target index serves "whom to tell" when the target logs in, out or publishes.
CREATE TABLE presence_subscriptions (
  app_id INTEGER NOT NULL,
  subscriber TEXT NOT NULL,
  target TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, subscriber, target)
);
CREATE INDEX presence_subscriptions_by_target ON presence_subscriptions (app_id, target, expires_at, subscriber);

-- The last description each user published.
CREATE TABLE presence_published (
  app_id INTEGER NOT NULL,
  username TEXT NOT NULL,
  ext TEXT NOT NULL,
  published_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, username)
);
