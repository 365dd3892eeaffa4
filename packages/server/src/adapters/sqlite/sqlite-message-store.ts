import type {
  AppendResult,
  DeviceRef,
  MessageStore,
  QueueBatchItem,
  QueueEntry,
  StoredMessage,
  UnreadQueue,
} from '../../domain/ports/storage.js';
import type { SqliteDb } from './sqlite-database.js';

interface MessageRow {
  id: bigint;
  app_id: bigint;
  sender: string;
  sender_resource: string;
  client_msg_id: string;
  recipient: string;
  chat_type: bigint;
  created_at: bigint;
  meta: Uint8Array;
}

const toMessage = (r: MessageRow): StoredMessage => ({
  id: r.id,
  appId: Number(r.app_id),
  sender: r.sender,
  senderResource: r.sender_resource,
  clientMsgId: r.client_msg_id,
  recipient: r.recipient,
  chatType: Number(r.chat_type),
  createdAt: Number(r.created_at),
  meta: r.meta,
});

export function sqliteMessageStore(db: SqliteDb): MessageStore {
  const insertMessage = db.prepare(
    `INSERT INTO messages (id, app_id, sender, sender_resource, client_msg_id, recipient, chat_type, created_at, meta)
     VALUES (@id, @appId, @sender, @senderResource, @clientMsgId, @recipient, @chatType, @createdAt, @meta)
     ON CONFLICT (app_id, sender, client_msg_id) DO NOTHING`,
  );
  const findByClientId = db
    .prepare<[number, string, string], MessageRow>(
      'SELECT * FROM messages WHERE app_id = ? AND sender = ? AND client_msg_id = ?',
    )
    .safeIntegers(true);
  const insertEntry = db.prepare(
    `INSERT INTO queue_items (app_id, owner, queue, message_id, origin_resource)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const insertDevice = db.prepare(
    `INSERT INTO devices (app_id, owner, resource, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (app_id, owner, resource) DO NOTHING`,
  );
  const seenDevice = db.prepare(
    'UPDATE devices SET last_seen = ? WHERE app_id = ? AND owner = ? AND resource = ?',
  );
  const seedCursors = db.prepare(
    `INSERT OR IGNORE INTO device_cursors (app_id, owner, resource, queue, pos)
     SELECT app_id, owner, ?, queue, pos FROM user_cursors WHERE app_id = ? AND owner = ?`,
  );
  const readQueue = db
    .prepare<[number, string, string, string, string, number], { pos: bigint; meta: Uint8Array }>(
      `SELECT q.pos AS pos, m.meta AS meta
         FROM queue_items q JOIN messages m ON m.id = q.message_id
        WHERE q.app_id = ? AND q.owner = ? AND q.queue = ?
          AND q.pos > COALESCE((SELECT pos FROM device_cursors
                                 WHERE app_id = q.app_id AND owner = q.owner AND resource = ? AND queue = q.queue), 0)
          AND (q.origin_resource IS NULL OR q.origin_resource <> ?)
        ORDER BY q.pos LIMIT ?`,
    )
    .safeIntegers(true);
  const maxPos = db
    .prepare<[number, string, string], { pos: bigint | null }>(
      'SELECT MAX(pos) AS pos FROM queue_items WHERE app_id = ? AND owner = ? AND queue = ?',
    )
    .safeIntegers(true);
  const ackDevice = db.prepare(
    `INSERT INTO device_cursors (app_id, owner, resource, queue, pos) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (app_id, owner, resource, queue) DO UPDATE SET pos = MAX(pos, excluded.pos)`,
  );
  const ackUser = db.prepare(
    `INSERT INTO user_cursors (app_id, owner, queue, pos) VALUES (?, ?, ?, ?)
     ON CONFLICT (app_id, owner, queue) DO UPDATE SET pos = MAX(pos, excluded.pos)`,
  );
  const unread = db.prepare<
    [{ resource: string; appId: number; owner: string }],
    { queue: string; n: number }
  >(
    `SELECT q.queue AS queue, COUNT(*) AS n
       FROM queue_items q
       LEFT JOIN device_cursors d
         ON d.app_id = q.app_id AND d.owner = q.owner AND d.resource = @resource AND d.queue = q.queue
      WHERE q.app_id = @appId AND q.owner = @owner
        AND q.pos > COALESCE(d.pos, 0)
        AND (q.origin_resource IS NULL OR q.origin_resource <> @resource)
      GROUP BY q.queue`,
  );

  const appendTx = db.transaction((message: StoredMessage, entries: readonly QueueEntry[]): AppendResult => {
    const info = insertMessage.run({ ...message, id: message.id });
    if (info.changes === 0) {
      const existing = findByClientId.get(message.appId, message.sender, message.clientMsgId);
      if (!existing) throw new Error('message conflict without an existing row');
      return { message: toMessage(existing), duplicate: true };
    }
    for (const e of entries)
      insertEntry.run(message.appId, e.owner, e.queue, message.id, e.originResource ?? null);
    return { message, duplicate: false };
  });

  const touchTx = db.transaction((d: DeviceRef, now: number) => {
    // Only a device seen for the first time inherits the user's cursors; a known device keeps its own.
    if (insertDevice.run(d.appId, d.owner, d.resource, now, now).changes === 1) {
      seedCursors.run(d.resource, d.appId, d.owner);
    } else {
      seenDevice.run(now, d.appId, d.owner, d.resource);
    }
  });

  const ackTx = db.transaction((d: DeviceRef, queue: string, pos: bigint) => {
    const max = maxPos.get(d.appId, d.owner, queue)?.pos ?? 0n;
    const clamped = pos > max ? max : pos; // a client cannot skip entries that do not exist yet
    if (clamped <= 0n) return;
    ackDevice.run(d.appId, d.owner, d.resource, queue, clamped);
    ackUser.run(d.appId, d.owner, queue, clamped);
  });

  return {
    append: (message, entries) => Promise.resolve(appendTx(message, entries)),
    touchDevice: (device, now) => Promise.resolve(touchTx(device, now)),
    readQueue(d, queue, limit): Promise<QueueBatchItem[]> {
      return Promise.resolve(readQueue.all(d.appId, d.owner, queue, d.resource, d.resource, limit));
    },
    ackQueue: (d, queue, pos) => Promise.resolve(ackTx(d, queue, pos)),
    unreadQueues(d): Promise<UnreadQueue[]> {
      return Promise.resolve(
        unread
          .all({ resource: d.resource, appId: d.appId, owner: d.owner })
          .map((r) => ({ queue: r.queue, count: r.n })),
      );
    },
  };
}
