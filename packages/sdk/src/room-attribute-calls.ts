// Chat-room attributes over REST (spec rest §1.6 #145–147), with the official SDK's results: the plural
// calls resolve {data:{status, errorKeys, successKeys}, type} ("fail" when any key failed); the singular
// ones resolve nothing and reject with the error their key's errorKeys text names (52 "is not part of
// you", 50 the limits, -3 "is not Legal", 54 concurrent updates), as the official `A4` does.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { AccountContext } from './account-calls.js';
import { restCall } from './rest-call.js';

export interface AttributeWriteData {
  status: 'success' | 'fail';
  errorKeys: Record<string, string>;
  successKeys: string[];
}

interface Wire {
  data: { successKeys: string[]; errorKeys: Record<string, string> };
}

const invalid = (what: string, value: unknown) => new Error(`Invalid parameter ${what}: ${String(value)}`);
const res = (ctx: AccountContext) => (ctx.resource ? { query: { resource: ctx.resource } } : {});

function roomId(p: { chatRoomId?: unknown }): string {
  if (typeof p?.chatRoomId !== 'string' || p.chatRoomId === '') throw invalid('chatRoomId', p?.chatRoomId);
  return p.chatRoomId;
}

function plural(w: Wire & { type: 0 }): { data: AttributeWriteData; type: 0 } {
  const { successKeys, errorKeys } = w.data;
  return {
    data: { status: Object.keys(errorKeys).length > 0 ? 'fail' : 'success', errorKeys, successKeys },
    type: 0,
  };
}

/** The official `A4`: the last failed key's text as an error, or undefined. */
export function singleKeyError(errorKeys: Record<string, string>): ConfabError | undefined {
  let error: ConfabError | undefined;
  for (const text of Object.values(errorKeys)) {
    const type = text.includes('is not part of you')
      ? ErrorCode.NO_PERMISSION
      : text.includes('size of metadata for this single chatroom exceeds the user defined limit') ||
          text.includes('total size of chatroom metadata for this app exceeds the user defined limit') ||
          text.includes('is exceeding maximum limit')
        ? ErrorCode.MAX_LIMIT
        : text.includes('is not Legal')
          ? ErrorCode.REQUEST_PARAMETER_ERROR
          : text.includes('Failed to update userMetadata. Concurrent updates not allowed')
            ? ErrorCode.OPERATION_NOT_ALLOWED
            : ErrorCode.WEBIM_CONNCTION_AJAX_ERROR;
    error = new ConfabError(type, text);
  }
  return error;
}

export async function getChatRoomAttributes(
  ctx: AccountContext,
  p: { chatRoomId: string; attributeKeys?: string[] },
): Promise<{ data: Record<string, string>; type: 0 }> {
  const id = roomId(p);
  if (p.attributeKeys !== undefined && !Array.isArray(p.attributeKeys))
    throw invalid('attributeKeys', p.attributeKeys);
  const r = await restCall<{ data: Record<string, string> }>(ctx, 'POST', `/metadata/chatroom/${id}`, {
    body: { keys: p.attributeKeys },
  });
  return { data: r.data, type: 0 };
}

function write(
  ctx: AccountContext,
  id: string,
  forced: boolean | undefined,
  body: unknown,
  method: 'PUT' | 'DELETE',
) {
  return restCall<Wire>(ctx, method, `/metadata/chatroom/${id}/user/${ctx.user}${forced ? '/forced' : ''}`, {
    ...res(ctx),
    body,
  });
}

export async function setChatRoomAttributes(
  ctx: AccountContext,
  p: { chatRoomId: string; attributes: Record<string, string>; autoDelete?: boolean; isForced?: boolean },
) {
  const id = roomId(p);
  if (typeof p.attributes !== 'object' || p.attributes === null) throw invalid('attributes', p.attributes);
  const autoDelete = p.autoDelete ?? true;
  const body = { metaData: p.attributes, autoDelete: autoDelete ? 'DELETE' : 'NO_DELETE' };
  return plural(await write(ctx, id, p.isForced, body, 'PUT'));
}

export async function setChatRoomAttribute(
  ctx: AccountContext,
  p: {
    chatRoomId: string;
    attributeKey: string;
    attributeValue: string;
    autoDelete?: boolean;
    isForced?: boolean;
  },
): Promise<void> {
  const id = roomId(p);
  if (typeof p.attributeKey !== 'string' || p.attributeKey === '')
    throw invalid('attributeKey', p.attributeKey);
  if (typeof p.attributeValue !== 'string' || p.attributeValue === '')
    throw invalid('attributeValue', p.attributeValue);
  const autoDelete = p.autoDelete ?? true;
  const body = {
    metaData: { [p.attributeKey]: p.attributeValue },
    autoDelete: autoDelete ? 'DELETE' : 'NO_DELETE',
  };
  const error = singleKeyError((await write(ctx, id, p.isForced, body, 'PUT')).data.errorKeys);
  if (error) throw error;
}

export async function removeChatRoomAttributes(
  ctx: AccountContext,
  p: { chatRoomId: string; attributeKeys: string[]; isForced?: boolean },
) {
  const id = roomId(p);
  if (!Array.isArray(p.attributeKeys)) throw invalid('attributes', p.attributeKeys);
  return plural(await write(ctx, id, p.isForced, { keys: p.attributeKeys }, 'DELETE'));
}

export async function removeChatRoomAttribute(
  ctx: AccountContext,
  p: { chatRoomId: string; attributeKey: string; isForced?: boolean },
): Promise<void> {
  const id = roomId(p);
  if (typeof p.attributeKey !== 'string' || p.attributeKey === '')
    throw invalid('attributeKey', p.attributeKey);
  const error = singleKeyError(
    (await write(ctx, id, p.isForced, { keys: [p.attributeKey] }, 'DELETE')).data.errorKeys,
  );
  if (error) throw error;
}
