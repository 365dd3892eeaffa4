// Chat threads of the official API (REST spec §1.7 #149–159), with the official requests and the answers
// reshaped as the official SDK reshapes them (msgId → messageId, groupId → parentId, affiliations_count →
// affiliationsCount, thread_id → chatThreadId, last_message → lastMessage).
import { messageFromRestJson, type RestJsonMessage } from '@confab/protocol';
import type { AccountContext } from './account-calls.js';
import { restCall } from './rest-call.js';
import { sdkErrors } from './sdk-errors.js';
import type { ChatThreadDetail } from './thread-types.js';

type Ok<T> = Promise<T & { type: 0 }>;
interface WireThread {
  id: string;
  name: string;
  owner: string;
  created: number;
  msgId?: string;
  groupId?: string;
  affiliations_count?: number;
}

const need = (value: unknown, name: string) => {
  if (typeof value !== 'string' || value === '')
    throw sdkErrors.invalidParameter(`Invalid parameter ${name}: ${String(value)}`);
};
const res = (ctx: AccountContext) => ({ resource: ctx.resource });

/** A thread as the SDK hands it over: msgId → messageId, groupId → parentId. */
function renamed(t: WireThread): ChatThreadDetail {
  const { msgId, groupId, affiliations_count, ...rest } = t;
  return {
    ...rest,
    parentId: groupId ?? '',
    messageId: msgId ?? '',
    ...(affiliations_count === undefined ? {} : { affiliationsCount: affiliations_count }),
  };
}

export async function createChatThread(
  ctx: AccountContext,
  p: { parentId: string; name: string; messageId: string },
): Ok<{ data: { chatThreadId: string } }> {
  need(p?.parentId, 'parentId');
  need(p?.name, 'name');
  need(p?.messageId, 'messageId');
  const r = await restCall<{ data: { thread_id: string } }>(ctx, 'POST', '/thread', {
    query: res(ctx),
    body: { name: p.name, msg_id: p.messageId, group_id: p.parentId, owner: ctx.user },
  });
  return { ...r, data: { chatThreadId: r.data.thread_id } };
}

export async function joinChatThread(
  ctx: AccountContext,
  p: { chatThreadId: string },
): Ok<{ data: { status: string; detail: ChatThreadDetail } }> {
  need(p?.chatThreadId, 'chatThreadId');
  const r = await restCall<{ data: { status: string; detail: WireThread } }>(
    ctx,
    'POST',
    `/thread/${p.chatThreadId}/user/${ctx.user}/join`,
    { query: res(ctx) },
  );
  return { ...r, data: { ...r.data, detail: renamed(r.data.detail) } };
}

export async function leaveChatThread(ctx: AccountContext, p: { chatThreadId: string }): Promise<void> {
  need(p?.chatThreadId, 'chatThreadId');
  await restCall(ctx, 'DELETE', `/thread/${p.chatThreadId}/user/${ctx.user}/quit`, { query: res(ctx) });
}

export async function destroyChatThread(ctx: AccountContext, p: { chatThreadId: string }): Promise<void> {
  need(p?.chatThreadId, 'chatThreadId');
  await restCall(ctx, 'DELETE', `/thread/${p.chatThreadId}`, { query: res(ctx) });
}

export function changeChatThreadName(
  ctx: AccountContext,
  p: { chatThreadId: string; name: string },
): Ok<{ data: { name: string } }> {
  need(p?.chatThreadId, 'chatThreadId');
  need(p?.name, 'name');
  return restCall(ctx, 'PUT', `/thread/${p.chatThreadId}`, { query: res(ctx), body: { name: p.name } });
}

export function getChatThreadMembers(
  ctx: AccountContext,
  p: { chatThreadId: string; pageSize?: number; cursor?: string },
): Ok<{ data: { affiliations: string[] }; properties?: { cursor?: string } }> {
  need(p?.chatThreadId, 'chatThreadId');
  return restCall(ctx, 'GET', `/thread/${p.chatThreadId}/users`, {
    query: { limit: p.pageSize || 20, cursor: p.cursor || '' },
  });
}

export function removeChatThreadMember(
  ctx: AccountContext,
  p: { chatThreadId: string; username: string },
): Ok<{ data: { result: boolean; user: string } }> {
  need(p?.chatThreadId, 'chatThreadId');
  need(p?.username, 'username');
  return restCall(ctx, 'DELETE', `/thread/${p.chatThreadId}/users/${p.username}`, { query: res(ctx) });
}

async function list(ctx: AccountContext, path: string, p: { pageSize?: number; cursor?: string }) {
  const r = await restCall<{ entities?: WireThread[]; properties?: { cursor?: string } }>(ctx, 'GET', path, {
    query: { limit: p.pageSize || 20, cursor: p.cursor || '' },
  });
  return { ...r, entities: (r.entities ?? []).map(renamed) };
}

export function getJoinedChatThreads(
  ctx: AccountContext,
  p: { parentId?: string; pageSize?: number; cursor?: string } = {},
) {
  const path = p.parentId
    ? `/threads/chatgroups/${p.parentId}/user/${ctx.user}`
    : `/threads/user/${ctx.user}`;
  return list(ctx, path, p);
}

export function getChatThreads(
  ctx: AccountContext,
  p: { parentId: string; pageSize?: number; cursor?: string },
) {
  need(p?.parentId, 'parentId');
  return list(ctx, `/threads/chatgroups/${p.parentId}`, p);
}

export async function getChatThreadLastMessage(ctx: AccountContext, p: { chatThreadIds: string[] }) {
  if (!Array.isArray(p?.chatThreadIds))
    throw sdkErrors.invalidParameter(`Invalid parameter chatThreadIds: ${String(p?.chatThreadIds)}`);
  const r = await restCall<{ entities?: { thread_id: string; last_message?: RestJsonMessage }[] }>(
    ctx,
    'POST',
    '/thread/message',
    { body: { threadIds: p.chatThreadIds } },
  );
  return {
    ...r,
    entities: (r.entities ?? []).map((e) => ({
      chatThreadId: e.thread_id,
      lastMessage:
        e.last_message && JSON.stringify(e.last_message) !== '{}'
          ? (messageFromRestJson(e.last_message) ?? {})
          : (e.last_message ?? {}),
    })),
  };
}

export async function getChatThreadDetail(ctx: AccountContext, p: { chatThreadId: string }) {
  need(p?.chatThreadId, 'chatThreadId');
  const r = await restCall<{ data: WireThread }>(ctx, 'GET', `/thread/${p.chatThreadId}`);
  return { ...r, data: renamed(r.data) };
}
