// Server conversation calls of the official API (REST spec §1.3 #32–39): the list with last message,
// unread count, pin and marks; pinConversation, add/removeConversationMark, deleteConversation.
import type { AccountContext } from './account-calls.js';
import { messageFromRestJson, type RestJsonMessage } from '@confab/protocol';
import { restCall } from './rest-call.js';
import { sdkErrors } from './sdk-errors.js';

interface ChannelInfo {
  session_to: string;
  session_type: string;
  is_top: boolean;
  update_top_status_time: number;
  unread_num: number;
  meta?: RestJsonMessage;
  marks?: string[];
}

export interface ServerConversation {
  conversationId: string;
  conversationType: 'singleChat' | 'groupChat';
  isPinned: boolean;
  pinnedTime: number;
  unReadCount: number;
  lastMessage: Record<string, unknown> | null;
  marks?: number[];
}

export interface ConversationPage {
  type: 0;
  data: { conversations: ServerConversation[]; cursor: string };
}

type ConvType = 'singleChat' | 'groupChat';
const wireType = (t: ConvType) => (t === 'singleChat' ? 'chat' : 'groupchat');

async function page(
  ctx: AccountContext,
  path: string,
  query: Record<string, string | number | boolean | undefined>,
): Promise<ConversationPage> {
  const res = await restCall<{ data?: { cursor?: string; channel_infos?: ChannelInfo[] } }>(
    ctx,
    'GET',
    path,
    {
      query,
    },
  );
  const conversations = (res.data?.channel_infos ?? []).map((c) => {
    const conv: ServerConversation = {
      conversationId: c.session_to,
      conversationType: c.session_type === 'chat' ? 'singleChat' : 'groupChat',
      isPinned: c.is_top,
      pinnedTime: c.is_top ? c.update_top_status_time : 0,
      unReadCount: c.unread_num,
      lastMessage: c.meta && c.meta.payload ? (messageFromRestJson(c.meta) ?? null) : null,
    };
    if (c.marks) conv.marks = c.marks.map((m) => Number(m.replace('mark_', '')));
    return conv;
  });
  return { type: 0, data: { conversations, cursor: res.data?.cursor ?? '' } };
}

export function getServerConversations(
  ctx: AccountContext,
  params: { pageSize?: number; cursor?: string } = {},
  pinnedOnly = false,
): Promise<ConversationPage> {
  return page(ctx, `/sdk/user/${ctx.user}/user_channels/list`, {
    limit: params.pageSize || 20,
    cursor: params.cursor || '',
    ...(pinnedOnly ? { is_top: true } : {}),
    need_mark: true,
  });
}

export function getServerConversationsByFilter(
  ctx: AccountContext,
  params: { pageSize?: number; cursor?: string; filter: { mark: number } },
): Promise<ConversationPage> {
  if (typeof params?.filter?.mark !== 'number')
    throw sdkErrors.invalidParameter(`Invalid parameter mark: ${String(params?.filter?.mark)}`);
  return page(ctx, `/sdk/user/${ctx.user}/user_channels/mark/search`, {
    limit: params.pageSize || 10,
    cursor: params.cursor || '',
    need_mark: true,
    mark: `mark_${params.filter.mark}`,
  });
}

export async function pinConversation(
  ctx: AccountContext,
  params: { conversationId: string; conversationType: ConvType; isPinned: boolean },
): Promise<{ type: 0; data: { isPinned: boolean; pinnedTime: number } }> {
  if (typeof params?.conversationId !== 'string' || params.conversationId === '')
    throw sdkErrors.invalidParameter(`Invalid parameter conversationId: ${String(params?.conversationId)}`);
  const type = params.conversationType === 'singleChat' ? 'chat' : 'groupChat';
  const path = `/sdk/user/${ctx.user}/user_channel/top`;
  const res = await (params.isPinned
    ? restCall<{ data: { is_top?: boolean; update_top_status_time?: number } }>(ctx, 'POST', path, {
        query: { resource: ctx.resource },
        body: { type, to: params.conversationId },
      })
    : restCall<{ data: { is_top?: boolean; update_top_status_time?: number } }>(ctx, 'DELETE', path, {
        query: { type, to: params.conversationId, resource: ctx.resource },
      }));
  const isPinned = res.data.is_top ?? false;
  return { type: 0, data: { isPinned, pinnedTime: isPinned ? (res.data.update_top_status_time ?? 0) : 0 } };
}

export async function markConversations(
  ctx: AccountContext,
  params: { conversations: { conversationId: string; conversationType: ConvType }[]; mark: number },
  isMarked: boolean,
): Promise<void> {
  if (!Array.isArray(params?.conversations))
    throw sdkErrors.invalidParameter('Invalid parameter conversations');
  if (typeof params.mark !== 'number')
    throw sdkErrors.invalidParameter(`Invalid parameter mark: ${String(params.mark)}`);
  const targets = params.conversations.map((c) => ({
    to: c.conversationId,
    type: wireType(c.conversationType),
  }));
  await restCall(ctx, isMarked ? 'POST' : 'DELETE', `/sdk/user/${ctx.user}/user_channels/mark`, {
    query: { resource: ctx.resource },
    body: { mark: `mark_${params.mark}`, targets },
  });
}

export async function deleteConversation(
  ctx: AccountContext,
  params: { channel: string; chatType: ConvType; deleteRoam: boolean },
): Promise<Record<string, unknown>> {
  if (typeof params?.channel !== 'string')
    throw sdkErrors.invalidParameter(`Invalid parameter channel: ${String(params?.channel)}`);
  if (typeof params.deleteRoam !== 'boolean')
    throw sdkErrors.invalidParameter(`Invalid parameter deleteRoam: ${String(params.deleteRoam)}`);
  return restCall(ctx, 'DELETE', `/user/${ctx.user}/user_channel`, {
    query: { resource: ctx.resource },
    body: {
      channel: params.channel,
      type: params.chatType === 'singleChat' ? 'chat' : 'groupChat',
      delete_roam: params.deleteRoam,
    },
  });
}

/** A row of the legacy lists: the server's channel info; getConversationlist swaps `meta` for `lastMessage`. */
export type SessionInfo = Omit<ChannelInfo, 'meta'> & {
  meta?: RestJsonMessage | Record<string, never>;
  lastMessage?: Record<string, unknown> | RestJsonMessage | Record<string, never> | null;
};

export interface SessionListResult {
  type: 0;
  data: { channel_infos: SessionInfo[] };
  [field: string]: unknown;
}

/** Official (legacy) getSessionList: GET …/users/{me}/user_channels, the raw body. */
export function getSessionList(ctx: AccountContext): Promise<SessionListResult> {
  return restCall<SessionListResult>(ctx, 'GET', `/users/${ctx.user}/user_channels`);
}

/**
 * Official getConversationlist: the legacy list (paged when both pageNum and pageSize are positive numbers),
 * each row's `meta` parsed into `lastMessage` the way the official SDK does (an empty meta stays `{}`).
 */
export async function getConversationlist(
  ctx: AccountContext,
  params: { pageNum?: number; pageSize?: number } = {},
): Promise<SessionListResult> {
  const paged =
    typeof params.pageNum === 'number' &&
    typeof params.pageSize === 'number' &&
    params.pageNum > 0 &&
    params.pageSize > 0;
  const res = await restCall<SessionListResult>(
    ctx,
    'GET',
    `/users/${ctx.user}/user_channels${paged ? '/page' : ''}`,
    paged ? { query: { pageNum: params.pageNum, pageSize: params.pageSize } } : {},
  );
  for (const row of res.data?.channel_infos ?? []) {
    const meta = row.meta;
    row.lastMessage = meta && 'payload' in meta ? (messageFromRestJson(meta) ?? null) : (meta ?? {});
    delete row.meta;
  }
  return res;
}
