// A messages row as pg returns it (INT8 parsed to bigint, see postgres-database.ts), and its domain shape.
import type { StoredMessage } from '../../domain/ports/storage.js';

export interface MessageRow {
  id: bigint;
  app_id: number;
  seq: bigint;
  sender: string;
  sender_resource: string;
  client_msg_id: string;
  recipient: string;
  chat_type: number;
  created_at: bigint;
  meta: Buffer;
  ref_id: bigint | null;
  /** Absent from queries that do not select it. */
  online_only?: boolean;
}

export const toMessage = (r: MessageRow): StoredMessage => ({
  id: r.id,
  appId: r.app_id,
  seq: r.seq,
  sender: r.sender,
  senderResource: r.sender_resource,
  clientMsgId: r.client_msg_id,
  recipient: r.recipient,
  chatType: r.chat_type,
  createdAt: Number(r.created_at),
  meta: r.meta,
  ...(r.ref_id === null ? {} : { refId: r.ref_id }),
  ...(r.online_only ? { onlineOnly: true } : {}),
});
