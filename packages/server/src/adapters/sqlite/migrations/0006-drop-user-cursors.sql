-- One cursor schema on both stores: a new device starts each conversation at MAX(device_cursors.pos) of
-- its user (sqlite-message-store.ts: seedCursors). user_cursors, which kept that maximum by a second write
-- per message and per ack, has not been written since; PostgreSQL drops its own in its migration 0006.
DROP TABLE user_cursors;
