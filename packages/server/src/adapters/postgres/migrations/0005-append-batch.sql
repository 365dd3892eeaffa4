-- 0005 (PostgreSQL only): a group-commit batch of appends in one round trip. Each element does what the
-- single append statement does (bump the conversation under its row lock, register the members when it
-- starts, insert the message, let the sending device's and user's cursors follow their own message),
-- in order. A resend (the conversation already holds that sender's client id) stores nothing, gives its
-- position back and comes back as NULL; it is checked after the bump, under the conversation's row lock,
-- so a resend racing on another node is seen once that node commits. (No exception blocks: a
-- subtransaction per element would overflow PostgreSQL's subtransaction cache in large batches.)
-- Members of element i are owners/queues[offset .. offset + member_counts[i] - 1].
CREATE FUNCTION confab_append_batch(
  p_app INTEGER[], p_key TEXT[], p_member_counts INTEGER[], p_owners TEXT[], p_queues TEXT[],
  p_id BIGINT[], p_sender TEXT[], p_resource TEXT[], p_client TEXT[], p_recipient TEXT[],
  p_type INTEGER[], p_created BIGINT[], p_meta BYTEA[], p_ref BIGINT[]
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
                            chat_type, created_at, meta, ref_id)
      VALUES (p_id[i], p_app[i], v_conv, v_pos, p_sender[i], p_resource[i], p_client[i], p_recipient[i],
              p_type[i], p_created[i], p_meta[i], p_ref[i]);
      UPDATE device_cursors d SET pos = v_pos
       WHERE d.app_id = p_app[i] AND d.owner = p_sender[i] AND d.resource = p_resource[i]
         AND d.conversation_id = v_conv AND d.pos = v_pos - 1;
      UPDATE user_cursors u SET pos = v_pos
       WHERE u.app_id = p_app[i] AND u.owner = p_sender[i] AND u.conversation_id = v_conv
         AND u.pos = v_pos - 1;
      IF v_pos = 1 THEN
        INSERT INTO device_cursors (app_id, owner, resource, conversation_id, pos)
        VALUES (p_app[i], p_sender[i], p_resource[i], v_conv, 1) ON CONFLICT DO NOTHING;
        INSERT INTO user_cursors (app_id, owner, conversation_id, pos)
        VALUES (p_app[i], p_sender[i], v_conv, 1) ON CONFLICT DO NOTHING;
      END IF;
      seq := v_pos;
    END IF;
    first_member := first_member + p_member_counts[i];
    RETURN NEXT;
  END LOOP;
END
$$;
