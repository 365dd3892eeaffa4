// Message reports and pins of the official API (REST spec §1.3 #44–47): reportMessage, pinMessage,
// unpinMessage and getServerPinnedMessages, with the official parameter checks and result shapes.
import type { AccountContext } from './account-calls.js';
import { messageFromRestJson, type RestJsonMessage } from '@confab/protocol';
import { restCall } from './rest-call.js';
import { sdkErrors } from './sdk-errors.js';

export type PinConversationType = 'singleChat' | 'groupChat' | 'chatRoom';

export interface ReportMessageParams {
  reportType: string;
  reportReason: string;
  messageId: string;
}

export interface MessagePinParams {
  conversationId: string;
  conversationType: PinConversationType;
  messageId: string;
}

export interface GetServerPinnedMessagesParams {
  conversationId: string;
  conversationType: PinConversationType;
  pageSize?: number;
  cursor?: string;
}

export interface PinnedMessageInfo {
  message: Record<string, unknown> | undefined;
  pinTime: number;
  operatorId: string;
}

export interface PinnedMessagesResult {
  type: 0;
  data: { list: PinnedMessageInfo[]; cursor: string };
}

// The official `_map` of conversation types on the wire.
const WIRE_TYPE: Record<PinConversationType, string> = {
  singleChat: 'chat',
  groupChat: 'groupchat',
  chatRoom: 'chatroom',
};

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

export async function reportMessage(ctx: AccountContext, params: ReportMessageParams): Promise<void> {
  if (!nonEmpty(params?.reportType))
    throw sdkErrors.invalidParameter(`Invalid parameter reportType: ${String(params?.reportType)}`);
  if (!nonEmpty(params.messageId))
    throw sdkErrors.invalidParameter(`Invalid parameter messageId: ${String(params.messageId)}`);
  if (!nonEmpty(params.reportReason))
    throw sdkErrors.invalidParameter(`Invalid parameter reportReason: ${String(params.reportReason)}`);
  await restCall(ctx, 'POST', `/user/${ctx.user}/moderation/report/message/${params.messageId}`, {
    body: { username: ctx.user, reportType: params.reportType, reportReason: params.reportReason },
  });
}

export async function setMessagePinned(
  ctx: AccountContext,
  params: MessagePinParams,
  isPinned: boolean,
): Promise<void> {
  if (!nonEmpty(params?.conversationId)) throw sdkErrors.invalidParameter('Invalid parameter conversationId');
  if (!nonEmpty(params.messageId)) throw sdkErrors.invalidParameter('Invalid parameter messageId');
  await restCall(ctx, isPinned ? 'POST' : 'DELETE', `/sdk/user/${ctx.user}/user_channel/pin`, {
    query: { resource: ctx.resource },
    body: {
      to: params.conversationId,
      type: WIRE_TYPE[params.conversationType],
      pin_msg_id: params.messageId,
    },
  });
}

interface PinInfo {
  message: RestJsonMessage;
  pin_opt_at: number;
  pin_operator: string;
}

export async function getServerPinnedMessages(
  ctx: AccountContext,
  params: GetServerPinnedMessagesParams,
): Promise<PinnedMessagesResult> {
  if (!nonEmpty(params?.conversationId)) throw sdkErrors.invalidParameter('Invalid parameter conversationId');
  if (params.pageSize && typeof params.pageSize !== 'number')
    throw sdkErrors.invalidParameter(`Invalid parameter pageSize: ${String(params.pageSize)}`);
  if (params.cursor && typeof params.cursor !== 'string')
    throw sdkErrors.invalidParameter(`Invalid parameter cursor: ${String(params.cursor)}`);
  const res = await restCall<{ data?: { msg_infos?: PinInfo[]; cursor?: string } }>(
    ctx,
    'GET',
    `/sdk/user/${ctx.user}/user_channel/pin`,
    {
      query: {
        to: params.conversationId,
        type: WIRE_TYPE[params.conversationType],
        limit: params.pageSize || 10,
        cursor: params.cursor || '',
      },
    },
  );
  const list = (res.data?.msg_infos ?? []).map((p) => ({
    message: messageFromRestJson(p.message),
    pinTime: p.pin_opt_at,
    operatorId: p.pin_operator,
  }));
  return { type: 0, data: { list, cursor: res.data?.cursor ?? '' } };
}
