-- 0010 (issue 13: attachment quota and the sweep of expired files). `holder` is the node
-- (CONFAB_NODE_ID) whose data directory has the bytes; one SQLite file has one server, which sweeps
-- every expired file. The indexes cover the quota sums (an owner's, an app's unexpired bytes) and the
-- sweep's walk in expiry order.
ALTER TABLE chat_files ADD COLUMN holder INTEGER NOT NULL DEFAULT 0;
CREATE INDEX chat_files_by_owner ON chat_files (app_id, owner, expires_at, size);
CREATE INDEX chat_files_by_app ON chat_files (app_id, expires_at, size);
CREATE INDEX chat_files_by_expiry ON chat_files (expires_at);
