import type {
  AppendResult,
  ConversationTarget,
  DeviceRef,
  MessageStore,
  NewMessage,
  QueueBatch,
  StoredMessage,
  UnreadQueue,
} from '../../domain/ports/storage.js';
import { queueKind } from '../../domain/messages/queue-ids.js';
import { rememberBounded } from './bounded-cache.js';
import { logTailCache, type ScanRow } from './sqlite-log-tail-cache.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';
import { sqliteGroupCommit, type Learned } from './sqlite-group-commit.js';
import { sqliteMessageHistory } from './sqlite-message-history.js';
import { toMessage, type MessageRow } from './sqlite-message-rows.js';

/** Rows read per round while skipping a device's own sends. */
const SCAN_CHUNK = 200;
/** Beyond any seq: the read bound of a conversation with nothing waiting for the disk. */
const END_OF_LOG = 2n ** 62n;
/** Conversations whose row and member rows are known to exist, kept in memory (LRU by insertion). */
const CACHED_CONVERSATIONS = 100_000;
/** Shared logs whose recent entries are kept in memory, and how many entries each (see the tail cache). */
const CACHED_TAILS = 1_000;
const CACHED_TAIL_ROWS = 2 * SCAN_CHUNK;
/** Queues that many devices of many users drain: the ones the tail cache serves. */
const SHARED_LOGS = new Set(['group', 'room', 'thread']);

/** A resend of a stored message: thrown inside the append's savepoint so the sequence bump is undone. */
class DuplicateSend extends Error {}

const isDuplicateKey = (err: unknown) =>
  err instanceof Error &&
  (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
  err.message.includes('messages.client_msg_id');

export function sqliteMessageStore(db: SqliteDb, durable: Durability): MessageStore {
  const s = {
    // De-duplication is per conversation: the same client id in another conversation is a new message.
    findByClientId: db
      .prepare<[number, string, string, string], MessageRow>(
        `SELECT m.* FROM messages m JOIN conversations c ON c.id = m.conversation_id
          WHERE c.app_id = ? AND c.key = ? AND m.sender = ? AND m.client_msg_id = ?`,
      )
      .safeIntegers(true),
    ensureConversation: db.prepare(
      'INSERT INTO conversations (app_id, key) VALUES (?, ?) ON CONFLICT (app_id, key) DO NOTHING',
    ),
    conversationId: db
      .prepare<[number, string], { id: bigint }>('SELECT id FROM conversations WHERE app_id = ? AND key = ?')
      .safeIntegers(true),
    bumpConversation: db
      .prepare<[bigint], { last_seq: bigint }>(
        'UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq',
      )
      .safeIntegers(true),
    addMember: db.prepare(
      `INSERT INTO conversation_members (app_id, owner, queue, conversation_id) VALUES (?, ?, ?, ?)
       ON CONFLICT (app_id, owner, queue) DO NOTHING`,
    ),
    // Hot statements bind by position: named parameters cost a property look-up each on every run.
    insertMessage: db.prepare<
      [
        bigint,
        number,
        bigint,
        bigint,
        string,
        string,
        string,
        string,
        number,
        number,
        Uint8Array,
        bigint | null,
        number,
      ]
    >(
      `INSERT INTO messages (id, app_id, conversation_id, seq, sender, sender_resource, client_msg_id, recipient,
                             chat_type, created_at, meta, ref_id, online_only)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // The sender's device cursor follows its own message only when it had everything before.
    followDevice: db.prepare<[bigint, number, string, string, bigint, bigint]>(
      `UPDATE device_cursors SET pos = ?
        WHERE app_id = ? AND owner = ? AND resource = ? AND conversation_id = ? AND pos = ?`,
    ),
    startDevice: db.prepare<[number, string, string, bigint]>(
      `INSERT INTO device_cursors (app_id, owner, resource, conversation_id, pos) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT DO NOTHING`,
    ),
    insertDevice: db.prepare(
      `INSERT INTO devices (app_id, owner, resource, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (app_id, owner, resource) DO NOTHING`,
    ),
    seenDevice: db.prepare(
      'UPDATE devices SET last_seen = ? WHERE app_id = ? AND owner = ? AND resource = ?',
    ),
    // A new device starts each conversation where the user's furthest device is. (Schema 0001's
    // user_cursors table kept that maximum by a second write per message and per ack; it is no longer
    // written.)
    seedCursors: db.prepare(
      `INSERT OR IGNORE INTO device_cursors (app_id, owner, resource, conversation_id, pos)
       SELECT app_id, owner, ?, conversation_id, MAX(pos) FROM device_cursors
        WHERE app_id = ? AND owner = ? GROUP BY conversation_id`,
    ),
    queueOf: db
      .prepare<
        [{ appId: number; owner: string; resource: string; queue: string }],
        { conv: bigint; last_seq: bigint; cursor: bigint }
      >(
        `SELECT c.id AS conv, c.last_seq AS last_seq,
                MAX(m.start_seq, COALESCE((SELECT pos FROM device_cursors d
                           WHERE d.app_id = m.app_id AND d.owner = m.owner AND d.resource = @resource
                             AND d.conversation_id = c.id), 0)) AS cursor
           FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.app_id = @appId AND m.owner = @owner AND m.queue = @queue`,
      )
      .safeIntegers(true),
    scan: db
      .prepare<[bigint, bigint, bigint, number], ScanRow>(
        `SELECT seq, sender, sender_resource, meta, online_only, created_at FROM messages
          WHERE conversation_id = ? AND seq > ? AND seq < ? ORDER BY seq LIMIT ?`,
      )
      .safeIntegers(true),
    queueConversation: db
      .prepare<[number, string, string], { conv: bigint }>(
        'SELECT conversation_id AS conv FROM conversation_members WHERE app_id = ? AND owner = ? AND queue = ?',
      )
      .safeIntegers(true),
    // Forward only, and never past the end: a client cannot skip entries that do not exist yet. A cursor
    // that is already there is not rewritten (an unchanged row would still dirty its page).
    ackDevice: db.prepare<[number, string, string, bigint, bigint, bigint]>(
      `INSERT INTO device_cursors (app_id, owner, resource, conversation_id, pos)
       VALUES (?, ?, ?, ?, MIN(?, (SELECT last_seq FROM conversations WHERE id = ?)))
       ON CONFLICT (app_id, owner, resource, conversation_id) DO UPDATE SET pos = excluded.pos
        WHERE excluded.pos > pos`,
    ),
    unread: db.prepare<[{ resource: string; appId: number; owner: string }], { queue: string; n: number }>(
      `SELECT m.queue AS queue, c.last_seq - MAX(m.start_seq, COALESCE(d.pos, 0)) AS n
         FROM conversation_members m
         JOIN conversations c ON c.id = m.conversation_id
         LEFT JOIN device_cursors d
           ON d.app_id = m.app_id AND d.owner = m.owner AND d.resource = @resource AND d.conversation_id = c.id
        WHERE m.app_id = @appId AND m.owner = @owner AND c.last_seq > MAX(m.start_seq, COALESCE(d.pos, 0))`,
    ),
  };

  const queueOf = (d: DeviceRef, queue: string) =>
    s.queueOf.get({ appId: d.appId, owner: d.owner, resource: d.resource, queue });

  // Conversation key → id, for conversations whose member rows exist with these members. Only filled
  // after a COMMIT (a rolled-back batch must not leave ids behind); conversations are never deleted.
  const known = new Map<string, { id: bigint; members: string }>();
  const membersOf = (t: ConversationTarget) =>
    t.members.map((m) => `${m.owner}\u0000${m.queue}`).join('\u0001');

  // Entries committed but not yet on disk (one batch at most): reads stop before them, so no device gets
  // a message whose sender has not been acknowledged (a power loss could still take it away).
  const undurable = new Map<bigint, bigint>(); // conversation id → first such seq
  const readableBefore = (conv: bigint) => undurable.get(conv) ?? END_OF_LOG;
  const scanSql = (conv: bigint, after: bigint, before: bigint, limit: number) =>
    s.scan.all(conv, after, before, limit);
  const tails = logTailCache(scanSql, { conversations: CACHED_TAILS, rowsPerConversation: CACHED_TAIL_ROWS });

  const conversationOf = (message: NewMessage, target: ConversationTarget, learned: Learned): bigint => {
    const ck = `${message.appId}\u0000${target.key}`;
    const members = membersOf(target);
    const cached = known.get(ck);
    if (cached && cached.members === members) return cached.id;
    s.ensureConversation.run(message.appId, target.key);
    const conv = s.conversationId.get(message.appId, target.key);
    if (!conv) throw new Error(`conversation ${target.key} vanished`);
    for (const m of target.members) s.addMember.run(message.appId, m.owner, m.queue, conv.id);
    learned.conversations.push([ck, { id: conv.id, members }]);
    return conv.id;
  };

  // One append, a savepoint inside the batch's transaction. The insert itself detects a resend (unique
  // client id, conversation, sender): that costs nothing for new messages, unlike a look-up first.
  const insertTx = db.transaction((m: NewMessage, conv: bigint): StoredMessage => {
    const bumped = s.bumpConversation.get(conv);
    if (!bumped) throw new Error(`conversation ${conv} vanished`);
    const seq = bumped.last_seq;
    try {
      s.insertMessage.run(
        m.id,
        m.appId,
        conv,
        seq,
        m.sender,
        m.senderResource,
        m.clientMsgId,
        m.recipient,
        m.chatType,
        m.createdAt,
        m.meta,
        m.refId ?? null,
        m.onlineOnly ? 1 : 0,
      );
    } catch (err) {
      throw isDuplicateKey(err) ? new DuplicateSend() : err;
    }
    s.followDevice.run(seq, m.appId, m.sender, m.senderResource, conv, seq - 1n);
    if (seq === 1n) s.startDevice.run(m.appId, m.sender, m.senderResource, conv);
    return { ...m, seq };
  });

  const appendOne = (message: NewMessage, target: ConversationTarget, learned: Learned): AppendResult => {
    const conv = conversationOf(message, target, learned);
    try {
      const stored = insertTx(message, conv);
      learned.appended.push([conv, stored.seq]);
      return { message: stored, duplicate: false };
    } catch (err) {
      if (!(err instanceof DuplicateSend)) throw err;
      const existing = s.findByClientId.get(message.appId, target.key, message.sender, message.clientMsgId);
      if (!existing) throw new Error(`duplicate of ${message.clientMsgId} not found`);
      return { message: toMessage(existing), duplicate: true };
    }
  };

  const touchTx = db.transaction((d: DeviceRef, now: number) => {
    // Only a device seen for the first time inherits the user's cursors; a known device keeps its own.
    if (s.insertDevice.run(d.appId, d.owner, d.resource, now, now).changes === 1) {
      s.seedCursors.run(d.resource, d.appId, d.owner);
    } else {
      s.seenDevice.run(now, d.appId, d.owner, d.resource);
    }
  });

  // (app, owner, queue) → conversation id: a queue names one conversation for good. Filled after COMMIT.
  const queues = new Map<string, bigint>();
  /** One cursor move: a single statement, so one that fails leaves nothing half done (no savepoint). */
  const ackOne = (d: DeviceRef, queue: string, pos: bigint, learned: Learned): void => {
    const qk = `${d.appId}\u0000${d.owner}\u0000${queue}`;
    let conv = queues.get(qk);
    if (conv === undefined) {
      conv = s.queueConversation.get(d.appId, d.owner, queue)?.conv;
      if (conv === undefined) return;
      learned.queues.push([qk, conv]);
    }
    s.ackDevice.run(d.appId, d.owner, d.resource, conv, pos, conv);
  };

  let observer: ((size: number) => void) | undefined;
  const commits = sqliteGroupCommit(db, durable, appendOne, {
    batch: (size) => observer?.(size),
    committed(learned) {
      for (const [ck, conv] of learned.conversations) rememberBounded(known, ck, conv, CACHED_CONVERSATIONS);
      for (const [qk, conv] of learned.queues) rememberBounded(queues, qk, conv, 2 * CACHED_CONVERSATIONS);
      for (const [conv, seq] of learned.appended) if (!undurable.has(conv)) undurable.set(conv, seq);
    },
    durable: () => {
      tails.readable(undurable.keys());
      undurable.clear();
    },
  });
  return {
    ...sqliteMessageHistory(db),
    observeCommitBatches: (fn) => (observer = fn),
    append: (message, target) => commits.append(message, target),
    // A login storm records many devices: they share the batch's commit too (touchTx is a savepoint).
    touchDevice: (device, now) => commits.write(() => touchTx(device, now)),
    readQueue(d, queue, limit, onlineSince): Promise<QueueBatch> {
      const q = queueOf(d, queue);
      const batch: QueueBatch = { items: [], scannedTo: q?.cursor ?? 0n };
      if (!q) return Promise.resolve(batch);
      const scan = SHARED_LOGS.has(queueKind(queue)) ? tails.scan : scanSql;
      // Skip the device's own sends (and online-only entries sent before this session began); keep
      // scanning so a run of them never ends a sync early.
      for (;;) {
        const rows = scan(q.conv, batch.scannedTo, readableBefore(q.conv), Math.max(limit, SCAN_CHUNK));
        for (const r of rows) {
          if (batch.items.length === limit) return Promise.resolve(batch);
          batch.scannedTo = r.seq;
          if (r.sender === d.owner && r.sender_resource === d.resource) continue;
          if (r.online_only !== 0n && onlineSince !== undefined && Number(r.created_at) < onlineSince)
            continue;
          batch.items.push({ pos: r.seq, meta: r.meta });
        }
        if (batch.items.length > 0 || rows.length < Math.max(limit, SCAN_CHUNK))
          return Promise.resolve(batch);
      }
    },
    ackQueue: (d, queue, pos) => commits.write((learned) => ackOne(d, queue, pos, learned)),
    unreadQueues(d): Promise<UnreadQueue[]> {
      return Promise.resolve(
        s.unread
          .all({ resource: d.resource, appId: d.appId, owner: d.owner })
          .map((r) => ({ queue: r.queue, count: r.n })),
      );
    },
  };
}
