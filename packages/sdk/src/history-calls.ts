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
    const decoded = decodeChatMeta(meta, self);
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
