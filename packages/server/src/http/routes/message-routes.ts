// Messages over REST with the app token (REST spec §3 "Messages and files"): send every type to users,
// groups and chat rooms (POST /messages/users|chatgroups|chatrooms), broadcast to every chat room, recall
// (POST /messages/msg_recall, also /messages/recall), rewrite (PUT /messages/rewrite/{id}), import 1:1 and
// group messages with their original time, offline count and status, and the hourly history export
// (GET /chatmessages/{yyyyMMddHH}). Every send goes through the client send paths
// (domain/messages/app-server-messages.ts), so it reaches the SDKs exactly like a client's message.
import {
  ConfabError,
  Domain,
  ErrorCode,
  MessageType,
  NameSpace,
  msync,
  restMessageJson,
  toU64,
  u64ToString,
  type MessageBody,
  type Meta,
} from '@confab/protocol';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { directConversation } from '../../domain/conversations/direct-conversation.js';
import {
  ADMIN_SENDER,
  appServerSender,
  extToKeyValues,
  restContent,
  sendAsAppServer,
  type RestChatType,
} from '../../domain/messages/app-server-messages.js';
import { groupQueue, groupTarget } from '../../domain/messages/group-fanout.js';
import { queueKind, queueName } from '../../domain/messages/queue-ids.js';
import { publishHints, sendMessage } from '../../domain/messages/send-message.js';
import type { SendResult } from '../../domain/messages/messaging.js';
import { roomNotFound } from '../../domain/mucs/muc-access.js';
import type { AppRecord, NewMessage } from '../../domain/ports/storage.js';
import { requireUser } from '../../domain/users/user-admin.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { badRequest } from '../params.js';
import type { AppParams } from './app-resolver.js';

/** Agora's per-request target limits: 600 users, 3 groups, 10 rooms; roam_ignore_users ≤ 20. */
const MAX_TARGETS: Record<RestChatType, number> = { users: 600, chatgroups: 3, chatrooms: 10 };
const MAX_ROAM_IGNORE = 20;
/** Messages of one hour in one export file at most. */
const EXPORT_LIMIT = 10_000;
const EPOCH = 1_577_836_800_000n; // message-id.ts: ids count ms since 2020-01-01
const idAt = (ms: number) => (BigInt(Math.max(ms, Number(EPOCH))) - EPOCH) << 22n;

type Body = Record<string, unknown>;
const bodyOf = (b: unknown): Body =>
  typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Body) : {};

function stringList(v: unknown, field: string, max: number): string[] {
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === 'string' && x !== ''))
    throw badRequest(`${field} must be a non-empty list of ids`);
  if (list.length > max) throw badRequest(`${field} has more than ${max} entries`);
  return [...new Set(list as string[])];
}

function fromOf(body: Body): string {
  const from = body['from'];
  if (from === undefined || from === null || from === '') return ADMIN_SENDER;
  if (typeof from !== 'string') throw badRequest('from must be a user id');
  return from;
}

function roomLevel(v: unknown): 'high' | 'normal' | 'low' | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (v === 'high' || v === 'normal' || v === 'low') return v;
  throw badRequest('chatroom_msg_level must be high, normal or low');
}

const bool = (v: unknown) => v === true || v === 'true';

/** A message id of the path or body: a decimal server id. */
function messageIdOf(v: unknown): bigint {
  const s = typeof v === 'number' ? String(v) : v;
  if (typeof s !== 'string' || !/^\d{1,20}$/.test(s)) throw badRequest('msg_id must be a message id');
  return BigInt(s);
}

export function messageRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const admin = { preHandler: auth.admin };
  const publish = (result: SendResult) =>
    void publishHints(ctx.bus, result.hints, (err) => ctx.logger.warn({ err }, 'bus publish failed'));

  /** Checks that every target exists before anything is sent (Agora's codes: 404 user, 605 group, 705 room). */
  async function checkTargets(target: AppRecord, kind: RestChatType, to: readonly string[]): Promise<void> {
    for (const id of to) {
      if (kind === 'users') await requireUser(ctx.storage, target, id);
      else {
        const muc = await ctx.storage.mucs.get(target.id, id);
        if (!muc || muc.kind !== (kind === 'chatgroups' ? 'group' : 'room'))
          throw kind === 'chatgroups'
            ? new ConfabError(ErrorCode.GROUP_NOT_EXIST, `group ${id} not found`)
            : roomNotFound(id);
      }
    }
  }

  for (const kind of ['users', 'chatgroups', 'chatrooms'] as const) {
    app.post<{ Params: AppParams; Body: unknown }>(`/:org/:app/messages/${kind}`, admin, async (request) => {
      const target = request.appRecord;
      const body = bodyOf(request.body);
      const to = stringList(body['to'], 'to', MAX_TARGETS[kind]);
      const content = restContent(body['type'], body['body']);
      const ext = extToKeyValues(body['ext']);
      const routetype = body['routetype'];
      if (routetype !== undefined && routetype !== 'ROUTE_ONLINE' && routetype !== 'ROUTE_ALL')
        throw badRequest('routetype must be ROUTE_ONLINE');
      // Users who do not see the message in their history (roaming): a one-way delete of it for each.
      const roamIgnore =
        body['roam_ignore_users'] === undefined
          ? []
          : stringList(body['roam_ignore_users'], 'roam_ignore_users', MAX_ROAM_IGNORE);
      const from = fromOf(body);
      const level = kind === 'chatrooms' ? roomLevel(body['chatroom_msg_level']) : undefined;
      await checkTargets(target, kind, to);
      const data: Record<string, string> = {};
      for (const id of to) {
        const result = await sendAsAppServer(ctx, target, {
          kind,
          from,
          to: id,
          content,
          ext,
          onlineOnly: routetype === 'ROUTE_ONLINE',
          needGroupAck: kind === 'chatgroups' && bool(body['need_group_ack']),
          roomLevel: level,
          syncDevice: bool(body['sync_device']),
        });
        publish(result);
        if (kind !== 'chatrooms')
          for (const user of roamIgnore) {
            const key =
              kind === 'users' ? directConversation(user, user === from ? id : from).key : groupQueue(id);
            await ctx.storage.conversations.deleteMessages(target.id, user, key, [result.serverId]);
          }
        data[id] = result.serverId.toString();
      }
      return envelope(target, 'post', `/messages/${kind}`, baseUrl(), { data });
    });
  }

  // Broadcast to every chat room of the app: {from, msg: {type, msg|…}, ext, chatroom_msg_level} → data.id.
  app.post<{ Params: AppParams; Body: unknown }>(
    '/:org/:app/messages/chatrooms/broadcast',
    admin,
    async (request) => {
      const target = request.appRecord;
      const body = bodyOf(request.body);
      const msg = bodyOf(body['msg']);
      const content = restContent(msg['type'], msg);
      const ext = extToKeyValues(body['ext']);
      const from = fromOf(body);
      const level = roomLevel(body['chatroom_msg_level']);
      // One id for the broadcast (the rooms' copies have their own).
      const id = ctx.ids.next();
      let cursor: string | undefined;
      do {
        const page = await ctx.storage.mucs.list(target.id, 'room', {
          publicOnly: false,
          limit: 100,
          ...(cursor === undefined ? {} : { cursor }),
        });
        for (const room of page.items) {
          if (room.disabled) continue;
          const result = await sendAsAppServer(ctx, target, {
            kind: 'chatrooms',
            from,
            to: room.id,
            content,
            ext,
            onlineOnly: false,
            needGroupAck: false,
            roomLevel: level,
            syncDevice: false,
          });
          publish(result);
        }
        cursor = page.cursor;
      } while (cursor);
      return envelope(target, 'post', '/messages/chatrooms/broadcast', baseUrl(), {
        data: { id: id.toString() },
      });
    },
  );

  // Recall: {msg_id, to, chat_type: chat|groupchat|chatroom, from?, force?, sync_device?}.
  const recall = async (request: { appRecord: AppRecord; body: unknown }, path: string) => {
    const target = request.appRecord;
    const body = bodyOf(request.body);
    const msgId = messageIdOf(body['msg_id']);
    const chatType = body['chat_type'];
    if (chatType !== 'chat' && chatType !== 'groupchat' && chatType !== 'chatroom')
      throw badRequest('chat_type must be chat, groupchat or chatroom');
    if (chatType === 'chatroom')
      // Room messages are live only: nothing is stored that a recall could take back.
      throw new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, 'not_found msg');
    const found = await ctx.storage.messages.findById(target.id, msgId);
    const m = found?.message;
    if (!found || !m) throw new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, 'not_found msg');
    const group = queueKind(m.recipient) === 'group' ? queueName(m.recipient) : undefined;
    if ((chatType === 'groupchat') !== (group !== undefined))
      throw new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, "can't find message to");
    // The recall is the message sender's (a 1:1 RECALL names the peer as its receiver).
    const peer = group ?? m.recipient;
    const recallBody: MessageBody = {
      type: MessageType.RECALL,
      from: { name: m.sender },
      to: { name: peer },
      ackMessageId: toU64(msgId),
      contents: [{}],
    };
    const meta: Meta = {
      id: toU64(ctx.ids.next()),
      to: {
        appKey: `${target.org}#${target.name}`,
        name: peer,
        domain: group === undefined ? Domain.USER : Domain.CONFERENCE,
      },
      ns: NameSpace.CHAT,
      payload: msync.MessageBody.encode(recallBody),
    };
    const sender = appServerSender(target, m.sender, bool(body['force']));
    const result = await sendMessage(ctx, sender, meta);
    publish(result);
    return envelope(target, 'post', path, baseUrl(), {
      data: {
        recalled: 'yes',
        chattype: chatType,
        from: m.sender,
        to: peer,
        msg_id: msgId.toString(),
      },
    });
  };
  app.post<{ Params: AppParams; Body: unknown }>('/:org/:app/messages/msg_recall', admin, (r) =>
    recall(r, '/messages/msg_recall'),
  );
  app.post<{ Params: AppParams; Body: unknown }>('/:org/:app/messages/recall', admin, (r) =>
    recall(r, '/messages/recall'),
  );

  // Rewrite a text or custom message: {user?, new_msg: {type, msg | customEvent, customExts}, new_ext?}.
  app.put<{ Params: AppParams & { msgId: string }; Body: unknown }>(
    '/:org/:app/messages/rewrite/:msgId',
    admin,
    async (request) => {
      const target = request.appRecord;
      const body = bodyOf(request.body);
      const msgId = messageIdOf(request.params.msgId);
      const newMsg = bodyOf(body['new_msg']);
      if (newMsg['type'] !== 'txt' && newMsg['type'] !== 'custom')
        throw badRequest('new_msg.type must be txt or custom');
      const content = restContent(newMsg['type'], newMsg);
      const found = await ctx.storage.messages.findById(target.id, msgId);
      const m = found?.message;
      if (!found || !m || found.recalled)
        throw new ConfabError(ErrorCode.MODIFY_MESSAGE_NOT_EXIST, 'message not found');
      const group = queueKind(m.recipient) === 'group' ? queueName(m.recipient) : undefined;
      const peer = group ?? m.recipient;
      const withExt = body['new_ext'] !== undefined;
      const editBody: MessageBody = {
        type: MessageType.EDIT,
        from: { name: m.sender },
        to: { name: peer },
        contents: [content],
        editMessageId: toU64(msgId),
        editScope: withExt ? 2 : 1,
        ...(withExt ? { ext: extToKeyValues(body['new_ext']) } : {}),
      };
      const meta: Meta = {
        id: toU64(ctx.ids.next()),
        to: {
          appKey: `${target.org}#${target.name}`,
          name: peer,
          domain: group === undefined ? Domain.USER : Domain.CONFERENCE,
        },
        ns: NameSpace.CHAT,
        payload: msync.MessageBody.encode(editBody),
      };
      const sender = appServerSender(target, m.sender);
      const result = await sendMessage(ctx, sender, meta);
      publish(result);
      return envelope(target, 'put', `/messages/rewrite/${msgId}`, baseUrl(), { data: 'success' });
    },
  );

  // Import a 1:1 or group message with its original time: stored in the conversation's history (roaming)
  // as sent then; nobody is woken for it.
  for (const kind of ['users', 'chatgroups'] as const) {
    app.post<{ Params: AppParams; Body: unknown }>(
      `/:org/:app/messages/${kind}/import`,
      admin,
      async (request) => {
        const target = request.appRecord;
        const body = bodyOf(request.body);
        const from = body['from'];
        const to = body['target'];
        if (typeof from !== 'string' || from === '') throw badRequest('from is required');
        if (typeof to !== 'string' || to === '') throw badRequest('target is required');
        const ts = body['msg_timestamp'];
        const createdAt = ts === undefined ? ctx.clock.now() : Number(ts);
        if (!Number.isSafeInteger(createdAt) || createdAt <= 0)
          throw badRequest('msg_timestamp must be a time in ms');
        const content = restContent(body['type'], body['body']);
        const ext = extToKeyValues(body['ext']);
        await checkTargets(target, kind, [to]);
        const appKey = `${target.org}#${target.name}`;
        const group = kind === 'chatgroups';
        const id = ctx.ids.next();
        const messageBody: MessageBody = {
          type: group ? MessageType.GROUPCHAT : MessageType.CHAT,
          from: { name: from },
          to: { name: to },
          contents: [content],
          ext,
        };
        const meta: Meta = {
          id: toU64(id),
          from: { appKey, name: from, domain: Domain.USER, clientResource: '' },
          to: { appKey, name: to, domain: group ? Domain.CONFERENCE : Domain.USER },
          timestamp: toU64(createdAt),
          ns: NameSpace.CHAT,
          payload: msync.MessageBody.encode(messageBody),
          ext,
        };
        const message: NewMessage = {
          id,
          appId: target.id,
          sender: from,
          senderResource: '',
          clientMsgId: `import-${u64ToString(toU64(id))}`,
          recipient: group ? groupQueue(to) : to,
          chatType: messageBody.type!,
          createdAt,
          meta: msync.Meta.encode(meta),
        };
        await ctx.storage.messages.append(message, group ? groupTarget(to) : directConversation(from, to));
        return envelope(target, 'post', `/messages/${kind}/import`, baseUrl(), {
          data: { msg_id: id.toString() },
        });
      },
    );
  }

  // Offline messages: how many the user's devices have not taken yet, and whether one message was taken.
  app.get<{ Params: AppParams & { username: string } }>(
    '/:org/:app/users/:username/offline_msg_count',
    admin,
    async (request) => {
      const target = request.appRecord;
      const { username } = request.params;
      await requireUser(ctx.storage, target, username);
      const n = await ctx.storage.messages.offlineCount(target.id, username);
      return envelope(target, 'get', `/users/${username}/offline_msg_count`, baseUrl(), {
        data: { [username]: n },
      });
    },
  );
  app.get<{ Params: AppParams & { username: string; msgId: string } }>(
    '/:org/:app/users/:username/offline_msg_status/:msgId',
    admin,
    async (request) => {
      const target = request.appRecord;
      const { username } = request.params;
      const msgId = messageIdOf(request.params.msgId);
      await requireUser(ctx.storage, target, username);
      const delivered = await ctx.storage.messages.deliveredTo(target.id, username, msgId);
      return envelope(target, 'get', `/users/${username}/offline_msg_status/${msgId}`, baseUrl(), {
        data: { [msgId.toString()]: delivered ? 'delivered' : 'undelivered' },
      });
    },
  );

  // History export: GET /chatmessages/{yyyyMMddHH} (UTC) lists the hour's file; its url serves the
  // messages of that hour as JSON lines (Agora's JSON message shape), up to the last 3 days.
  const hourOf = (time: string): number => {
    const m = /^(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(time);
    if (!m) throw badRequest('time must be yyyyMMddHH');
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]));
    if (Number.isNaN(ms)) throw badRequest('time must be yyyyMMddHH');
    return ms;
  };
  app.get<{ Params: AppParams & { time: string } }>(
    '/:org/:app/chatmessages/:time',
    admin,
    // eslint-disable-next-line @typescript-eslint/require-await -- Fastify handlers return a promise
    async (request) => {
      const target = request.appRecord;
      const { time } = request.params;
      const start = hourOf(time);
      if (start < ctx.clock.now() - 3 * 86_400_000 - 3_600_000)
        throw badRequest('history older than 3 days cannot be exported');
      const url = `${baseUrl()}/${target.org}/${target.name}/chatmessages/${time}/file`;
      return envelope(target, 'get', `/chatmessages/${time}`, baseUrl(), { data: [{ url }] });
    },
  );
  app.get<{ Params: AppParams & { time: string } }>(
    '/:org/:app/chatmessages/:time/file',
    admin,
    async (request, reply) => {
      const target = request.appRecord;
      const start = hourOf(request.params.time);
      const rows = await ctx.storage.messages.listByIdRange(
        target.id,
        idAt(start),
        idAt(start + 3_600_000),
        EXPORT_LIMIT,
      );
      const lines = rows
        .filter((m) => m.chatType === MessageType.CHAT || m.chatType === MessageType.GROUPCHAT)
        .map((m) => {
          const json = restMessageJson(m.meta);
          const group = queueKind(m.recipient) === 'group';
          return JSON.stringify({
            msg_id: m.id.toString(),
            timestamp: m.createdAt,
            direction: 'outgoing',
            from: m.sender,
            to: group ? queueName(m.recipient) : m.recipient,
            chat_type: group ? 'groupchat' : 'chat',
            payload: JSON.parse(json.payload) as unknown,
          });
        });
      void reply.type('application/x-ndjson');
      return lines.join('\n') + (lines.length > 0 ? '\n' : '');
    },
  );
}
