-- 0009 (groups issue, messaging): online-only messages (deliverOnlineOnly, Meta.routetype ROUTE_ONLINE)
-- and group read receipts. An online-only message is in its conversation's log like any other (ordered,
-- pushed or drained), but a device reads it only in a session that began before it was sent, and history
-- leaves it out. A group read receipt is one row per reader and message (getGroupMsgReadUser lists them,
-- the sender is told the count).
ALTER TABLE messages ADD COLUMN online_only BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE group_read_acks (
  app_id INTEGER NOT NULL,
  message_id BIGINT NOT NULL,
  reader TEXT NOT NULL,
  read_at BIGINT NOT NULL,
  PRIMARY KEY (app_id, message_id, reader)
);
CREATE INDEX group_read_acks_in_order ON group_read_acks (app_id, message_id, read_at, reader);

-- confab_append_batch (0005, 0006) takes each message's online-only flag. A group append passes no
-- members (member_counts 0): its member rows are written with the membership, never by an append.
DROP FUNCTION confab_append_batch(INTEGER[], TEXT[], INTEGER[], TEXT[], TEXT[], BIGINT[], TEXT[], TEXT[],
                                  TEXT[], TEXT[], INTEGER[], BIGINT[], BYTEA[], BIGINT[]);
CREATE FUNCTION confab_append_batch(
  p_app INTEGER[], p_key TEXT[], p_member_counts INTEGER[], p_owners TEXT[], p_queues TEXT[],
  p_id BIGINT[], p_sender TEXT[], p_resource TEXT[], p_client TEXT[], p_recipient TEXT[],
  p_type INTEGER[], p_created BIGINT[], p_meta BYTEA[], p_ref BIGINT[], p_online BOOLEAN[]
) RETURNS TABLE (seq BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
  i INTEGER;
  first_member INTEGER := 1;
  v_conv BIGINT;
  v_pos BIGINT;
BEGIN
  FOR i IN 1 .. coalesce(array_length(p_id, 1), 0) LOOP
    INSERT INTO conversations AS c (app_id, key, last_seq) VALUES (p_app[i], p_key[i], 1)
    ON CONFLICT (app_id, key) DO UPDATE SET last_seq = c.last_seq + 1
    RETURNING c.id, c.last_seq INTO v_conv, v_pos;
    IF v_pos > 1 AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = v_conv
                               AND m.sender = p_sender[i] AND m.client_msg_id = p_client[i]) THEN
      UPDATE conversations SET last_seq = last_seq - 1 WHERE id = v_conv;
      seq := NULL;
    ELSE
      IF v_pos = 1 THEN
        INSERT INTO conversation_members (app_id, owner, queue, conversation_id)
        SELECT p_app[i], p_owners[j], p_queues[j], v_conv
          FROM generate_series(first_member, first_member + p_member_counts[i] - 1) AS j
        ON CONFLICT (app_id, owner, queue) DO NOTHING;
      END IF;
      INSERT INTO messages (id, app_id, conversation_id, seq, sender, sender_resource, client_msg_id, recipient,
                            chat_type, created_at, meta, ref_id, online_only)
      VALUES (p_id[i], p_app[i], v_conv, v_pos, p_sender[i], p_resource[i], p_client[i], p_recipient[i],
              p_type[i], p_created[i], p_meta[i], p_ref[i], p_online[i]);
      -- The sending device's cursor follows its own message when it had everything before.
      UPDATE device_cursors d SET pos = v_pos
       WHERE d.app_id = p_app[i] AND d.owner = p_sender[i] AND d.resource = p_resource[i]
         AND d.conversation_id = v_conv AND d.pos = v_pos - 1;
      IF v_pos = 1 THEN
        INSERT INTO device_cursors (app_id, owner, resource, conversation_id, pos)
        VALUES (p_app[i], p_sender[i], p_resource[i], v_conv, 1) ON CONFLICT DO NOTHING;
      END IF;
      seq := v_pos;
    END IF;
    first_member := first_member + p_member_counts[i];
    RETURN NEXT;
  END LOOP;
END
$$;
