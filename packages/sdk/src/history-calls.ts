// History calls of the official API: getHistoryMessages (POST …/users/{me}/messageroaming, base64
// easemob.pb.Meta pages) and removeHistoryMessages (one-way delete by ids or before a time).
import { NameSpace, msync } from '@confab/protocol';
import type { AccountContext } from './account-calls.js';
import { decodeChatMeta } from './message-decoder.js';
import { restCall } from './rest-call.js';
import { sdkErrors } from './sdk-errors.js';
import type { ReceivedMessage } from './types.js';

export interface GetHistoryMessagesParams {
  targetId: string;
  chatType?: string;
  cursor?: string | number | null;
  pageSize?: number;
  searchDirection?: 'up' | 'down';
  searchOptions?: { msgTypes?: string[]; startTime?: number | null; endTime?: number | null; from?: string };
}

export interface HistoryMessagesResult {
  cursor: string;
  messages: ReceivedMessage[];
  isLast: boolean;
}

function base64Bytes(text: string): Uint8Array {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

export async function getHistoryMessages(
  ctx: AccountContext,
  params: GetHistoryMessagesParams,
): Promise<HistoryMessagesResult> {
  if (typeof params?.targetId !== 'string' || params.targetId === '')
    throw sdkErrors.invalidParameter('"Invalid parameter": "targetId"');
  const single = (params.chatType ?? 'singleChat') === 'singleChat';
  const opts = params.searchOptions ?? {};
  const body = {
    queue: `${params.targetId}${single ? '@easemob.com' : '@conference.easemob.com'}`,
    start: params.cursor ?? -1,
    pull_number: params.pageSize ?? 20,
    is_positive: params.searchDirection === 'down',
    msgType: (opts.msgTypes ?? []).join(','),
    end: -1,
    startTime: opts.startTime ?? null,
    endTime: opts.endTime ?? null,
    userId: single ? null : (opts.from ?? null),
  };
  const res = await restCall<{ data?: { msgs?: { msg: string }[]; next_key?: string; is_last?: boolean } }>(
    ctx,
    'POST',
    `/users/${ctx.user}/messageroaming`,
    { body },
  );
  const self = { user: ctx.user, resource: ctx.resource, apiUrl: ctx.apiUrl, token: ctx.token };
  const messages: ReceivedMessage[] = [];
  for (const { msg } of res.data?.msgs ?? []) {
    const meta = msync.Meta.decode(base64Bytes(msg));
    if (meta.ns !== NameSpace.CHAT) continue;
    const decoded = decodeChatMeta(meta, self, { history: true });
    if (decoded.kind === 'message') messages.push(decoded.message);
  }
  return { cursor: res.data?.next_key ?? '', messages, isLast: res.data?.is_last ?? true };
}

export interface RemoveHistoryMessagesParams {
  targetId: string;
  chatType: string;
  messageIds?: string[];
  beforeTimeStamp?: number;
}

export async function removeHistoryMessages(
  ctx: AccountContext,
  params: RemoveHistoryMessagesParams,
): Promise<void> {
  if (typeof params?.targetId !== 'string' || params.targetId === '')
    throw sdkErrors.invalidParameter('"Invalid parameter targetId": ' + String(params?.targetId));
  const ids = params.messageIds;
  if (ids && !(Array.isArray(ids) && ids.length > 0 && ids.length <= 20))
    throw sdkErrors.invalidParameter('"Invalid parameter messageIds": ' + String(ids));
  if (!ids && !params.beforeTimeStamp)
    throw sdkErrors.invalidParameter('messageIds or beforeTimeStamp field is required.');
  const single = params.chatType === 'singleChat';
  const base = `/sdk/message/roaming/${single ? 'chat' : 'group'}/user/${ctx.user}`;
  const who = { [single ? 'userId' : 'groupId']: params.targetId };
  await (ids
    ? restCall(ctx, 'DELETE', base, { query: { ...who, msgIdList: ids.join(','), resource: ctx.resource } })
    : restCall(ctx, 'DELETE', `${base}/time`, {
        query: { ...who, delTime: params.beforeTimeStamp, resource: ctx.resource },
      }));
}

export interface FetchHistoryMessagesParams {
  /** The peer's user id (or a group id with `isGroup`). */
  queue: string;
  start?: number | string | null;
  count?: number;
  isGroup?: boolean;
  /** Accepted for the official signature; messages are always formatted. */
  format?: boolean;
  success?: (messages: ReceivedMessage[]) => void;
  fail?: (error: unknown) => void;
}

/** What the legacy call has read of a queue and not handed out yet (the official `mr_cache`). */
export interface HistoryCache {
  msgs: ReceivedMessage[];
  nextKey: string;
  isLast: boolean;
}

/**
 * Official (deprecated) fetchHistoryMessages: reads the queue backwards page by page, keeping what it read
 * per queue in `cache`, so each call continues where the last one stopped; resolves `count` messages,
 * oldest first (fewer at the start of the history).
 */
export async function fetchHistoryMessages(
  ctx: AccountContext,
  cache: Map<string, HistoryCache>,
  params: FetchHistoryMessagesParams,
): Promise<ReceivedMessage[]> {
  if (!params?.queue) throw sdkErrors.invalidParameter('Invalid parameter: "specified"');
  const count = params.count || 20;
  const key = params.queue;
  const state = cache.get(key) ?? { msgs: [], nextKey: '', isLast: false };
  cache.set(key, state);
  let start: string | number = params.start || -1;
  try {
    while (state.msgs.length < count && !state.isLast) {
      if (state.nextKey) start = state.nextKey;
      const page = await getHistoryMessages(ctx, {
        targetId: key,
        chatType: params.isGroup ? 'groupChat' : 'singleChat',
        cursor: start,
        pageSize: count,
      });
      state.msgs.push(...page.messages);
      state.nextKey = page.cursor;
      state.isLast = page.isLast || page.cursor === '';
    }
  } catch (error) {
    params.fail?.(error);
    throw error;
  }
  const out = state.msgs.splice(0, count).reverse();
  params.success?.(out);
  return out;
}

/** Official deleteAllMessagesAndConversations: the caller's whole history and conversation list, one-way. */
export async function deleteAllMessagesAndConversations(ctx: AccountContext): Promise<void> {
  await restCall(ctx, 'POST', `/sdk/message/roaming/user/${ctx.user}/delete/all`, {
    query: { resource: ctx.resource },
  });
}
