-- 0002 (issue 5, accounts): server-wide values, e.g. the hash of the operator token generated at first start.
CREATE TABLE server_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
