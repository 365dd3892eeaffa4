-- 0022 (moderation, issue 19): a report is reviewed through the REST API or the CLI: resolved or dismissed,
-- by whom, when, with a note. NULL status = open.
ALTER TABLE message_reports ADD COLUMN status TEXT;
ALTER TABLE message_reports ADD COLUMN resolved_at BIGINT;
ALTER TABLE message_reports ADD COLUMN resolved_by TEXT;
ALTER TABLE message_reports ADD COLUMN note TEXT;
CREATE INDEX message_reports_by_app ON message_reports (app_id, id);
