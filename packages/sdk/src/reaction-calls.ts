// Reactions of the official API (REST spec §1.4 #48–51): addReaction, deleteReaction, getReactionList
// (and its alias getReactionlist) and getReactionDetail, with the official parameter checks and result
// shapes (`state` → `isAddedBySelf`, `reactionId` dropped).
import type { AccountContext } from './account-calls.js';
import { restCall } from './rest-call.js';
import type { ReactionDetail, ReactionListItem } from './reaction-types.js';
import { sdkErrors } from './sdk-errors.js';

export interface ReactionParams {
  messageId: string;
  reaction: string;
}

export interface GetReactionListParams {
  chatType: 'singleChat' | 'groupChat';
  messageId: string | string[];
  groupId?: string;
}

export interface GetReactionDetailParams {
  messageId: string;
  reaction: string;
  cursor?: string;
  pageSize?: number;
}

type Wire = Record<string, unknown> & { state?: unknown; reactionId?: unknown };

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** `state` → `isAddedBySelf`, without `reactionId`, as the official SDK hands reactions on. */
export function fromWire<T>(r: Wire): T {
  const { state, reactionId: _id, ...rest } = r;
  return { ...rest, isAddedBySelf: state } as T;
}

export async function addReaction(ctx: AccountContext, params: ReactionParams): Promise<void> {
  if (!nonEmpty(params?.messageId))
    throw sdkErrors.invalidParameter(`Invalid parameter messageId: ${String(params?.messageId)}`);
  if (!nonEmpty(params.reaction))
    throw sdkErrors.invalidParameter(`Invalid parameter reaction: ${String(params.reaction)}`);
  await restCall(ctx, 'POST', `/reaction/user/${ctx.user}`, {
    body: { msgId: params.messageId, message: params.reaction },
  });
}

export async function deleteReaction(ctx: AccountContext, params: ReactionParams): Promise<void> {
  if (!nonEmpty(params?.reaction))
    throw sdkErrors.invalidParameter(`Invalid parameter reactionId: ${String(params?.reaction)}`);
  await restCall(ctx, 'DELETE', `/reaction/user/${ctx.user}`, {
    query: { msgId: params.messageId, message: params.reaction },
  });
}

export async function getReactionList(ctx: AccountContext, params: GetReactionListParams) {
  if (!nonEmpty(params?.chatType))
    throw sdkErrors.invalidParameter(`Invalid parameter chatType: ${String(params?.chatType)}`);
  if (!params.messageId || params.messageId.length === 0)
    throw sdkErrors.invalidParameter(`Invalid parameter messageId: ${String(params.messageId)}`);
  const ids = typeof params.messageId === 'string' ? [params.messageId] : params.messageId;
  const res = await restCall<{ data?: { msgId: string; reactionList: Wire[] }[] }>(
    ctx,
    'GET',
    `/reaction/user/${ctx.user}`,
    {
      query: {
        msgIdList: ids.join(','),
        msgType: params.chatType === 'singleChat' ? 'chat' : 'groupchat',
        groupId: params.groupId || 'null',
      },
    },
  );
  const data: ReactionListItem[] = (res.data ?? []).map((item) => ({
    ...item,
    reactionList: item.reactionList.map((r) => fromWire(r)),
  }));
  return { ...res, data };
}

export async function getReactionDetail(ctx: AccountContext, params: GetReactionDetailParams) {
  if (!nonEmpty(params?.reaction))
    throw sdkErrors.invalidParameter(`Invalid parameter reaction: ${String(params?.reaction)}`);
  if (!nonEmpty(params.messageId))
    throw sdkErrors.invalidParameter(`Invalid parameter messageId: ${String(params.messageId)}`);
  const res = await restCall<{ data: Wire }>(ctx, 'GET', `/reaction/user/${ctx.user}/detail`, {
    query: {
      msgId: params.messageId,
      message: params.reaction,
      currentPage: params.cursor || 'null',
      pageSize: params.pageSize || 20,
    },
  });
  return { ...res, data: fromWire<ReactionDetail>(res.data) };
}
