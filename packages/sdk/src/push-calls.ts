// Push settings of the official API (REST spec §1.1 #14, §1.4 #59–66): device tokens (uploadPushToken /
// uploadToken, unbindPushToken: PUT …/users/{me}, retried 3 more times 1 s apart like the official SDK),
// push language, and silent mode app-wide and per conversation. Results are the server's raw answers
// (`data`), as the official SDK hands them on; getSilentModeRemindTypeConversations reshapes its page.
import type { AccountContext } from './account-calls.js';
import { restCall } from './rest-call.js';
import { sdkErrors } from './sdk-errors.js';

export type SilentModeParam =
  | { paramType: 0; remindType: 'ALL' | 'AT' | 'NONE' }
  | { paramType: 1; duration: number }
  | {
      paramType: 2;
      startTime: { hours: number; minutes: number };
      endTime: { hours: number; minutes: number };
    };

export type ConversationKind = 'singleChat' | 'groupChat';

export interface SilentModeConversationType {
  type: string;
  ignoreDuration: number;
  ignoreInterval?: string;
}

export interface UploadPushTokenParams {
  deviceId: string;
  deviceToken: string;
  notifierName?: string | undefined;
}

const bad = (m: string) => sdkErrors.invalidParameter(m);
const RETRIES = 3;
const RETRY_DELAY_MS = 1000;

async function retry<T>(call: () => Promise<T>, left = RETRIES): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (left <= 0) throw error;
    await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
    return retry(call, left - 1);
  }
}

export async function uploadPushToken(ctx: AccountContext, params: UploadPushTokenParams) {
  if (typeof params?.deviceId !== 'string' || params.deviceId === '')
    throw bad('Invalid parameter: "deviceId"');
  const body = {
    device_id: params.deviceId,
    device_token: params.deviceToken,
    notifier_name: params.notifierName,
  };
  const res = await retry(() =>
    restCall<{ entities?: Record<string, unknown>[] }>(ctx, 'PUT', `/users/${ctx.user}`, { body }),
  );
  return { type: 0 as const, data: res.entities?.[0] ?? {} };
}

/** The body of one silent-mode call, checked as the official SDK checks it. */
export function silentBody(options: SilentModeParam | undefined): Record<string, unknown> {
  if (typeof options !== 'object' || options === null) throw bad('Invalid parameter: "options"');
  const p = options as Record<string, unknown> & SilentModeParam;
  if (p.paramType === 0) {
    if (typeof p.remindType !== 'string') throw bad('Invalid parameter: "options of remindType"');
    return { type: p.remindType };
  }
  if (p.paramType === 1) {
    if (typeof p.duration !== 'number') throw bad('Invalid parameter: "options of duration"');
    return { ignoreDuration: p.duration };
  }
  if (p.paramType === 2) {
    const ok = (t: unknown) =>
      typeof t === 'object' &&
      t !== null &&
      typeof (t as { hours?: unknown }).hours === 'number' &&
      typeof (t as { minutes?: unknown }).minutes === 'number';
    if (!ok(p.startTime)) throw bad('Invalid parameter: "options of startTime"');
    if (!ok(p.endTime)) throw bad('Invalid parameter: "options of endTime"');
    const { startTime: s, endTime: e } = p;
    return { ignoreInterval: `${s.hours}:${s.minutes}-${e.hours}:${e.minutes}` };
  }
  throw bad('Invalid parameter: "options of paramType"');
}

function conversationPath(ctx: AccountContext, conversationId: unknown, type: unknown): string {
  if (typeof conversationId !== 'string' || conversationId === '')
    throw bad('Invalid parameter: "conversationId"');
  if (typeof type !== 'string' || type === '') throw bad('Invalid parameter: "type"');
  const scope = type === 'singleChat' ? 'user' : 'chatgroup';
  return `/users/${ctx.user}/notification/${scope}/${encodeURIComponent(conversationId)}`;
}

type Raw<T> = Record<string, unknown> & { data: T; type: 0 };

export const setSilentModeForAll = (ctx: AccountContext, params: { options: SilentModeParam }) =>
  restCall<Raw<SilentModeConversationType>>(ctx, 'PUT', `/users/${ctx.user}/notification/user/${ctx.user}`, {
    query: { resource: ctx.resource },
    body: silentBody(params?.options),
  });

export const getSilentModeForAll = (ctx: AccountContext) =>
  restCall<Raw<SilentModeConversationType>>(ctx, 'GET', `/users/${ctx.user}/notification/user/${ctx.user}`);

export interface ConversationParams {
  conversationId: string;
  type: ConversationKind;
}

export function setSilentModeForConversation(
  ctx: AccountContext,
  params: ConversationParams & { options: SilentModeParam },
) {
  const path = conversationPath(ctx, params?.conversationId, params?.type);
  return restCall<Raw<SilentModeConversationType>>(ctx, 'PUT', path, {
    query: { resource: ctx.resource },
    body: silentBody(params.options),
  });
}

export function clearRemindTypeForConversation(ctx: AccountContext, params: ConversationParams) {
  const path = conversationPath(ctx, params?.conversationId, params?.type);
  return restCall<Raw<SilentModeConversationType>>(ctx, 'PUT', path, {
    query: { resource: ctx.resource },
    body: { type: 'DEFAULT' },
  });
}

export function getSilentModeForConversation(ctx: AccountContext, params: ConversationParams) {
  const path = conversationPath(ctx, params?.conversationId, params?.type);
  return restCall<Raw<SilentModeConversationType>>(ctx, 'GET', path);
}

export function getSilentModeForConversations(
  ctx: AccountContext,
  params: { conversationList: { id: string; type: ConversationKind }[] },
) {
  if (!Array.isArray(params?.conversationList)) throw bad('Invalid parameter: "conversationList"');
  const users = params.conversationList.filter((c) => c.type === 'singleChat').map((c) => c.id);
  const groups = params.conversationList.filter((c) => c.type !== 'singleChat').map((c) => c.id);
  return restCall<
    Raw<{
      user: Record<string, SilentModeConversationType>;
      group: Record<string, SilentModeConversationType>;
    }>
  >(ctx, 'GET', `/users/${ctx.user}/notification`, {
    query: { user: users.join(','), group: groups.join(',') },
  });
}

export function setPushPerformLanguage(ctx: AccountContext, params: { language: string }) {
  if (typeof params?.language !== 'string' || params.language === '')
    throw bad('Invalid parameter: "language"');
  return restCall<Raw<{ language: string }>>(ctx, 'PUT', `/users/${ctx.user}/notification/language`, {
    body: { translationLanguage: params.language },
  });
}

export const getPushPerformLanguage = (ctx: AccountContext) =>
  restCall<Raw<{ language: string }>>(ctx, 'GET', `/users/${ctx.user}/notification/language`);

export interface RemindTypeConversation {
  conversationId: string;
  type: ConversationKind;
  remindType: 'ALL' | 'AT' | 'NONE';
}

export async function getSilentModeRemindTypeConversations(
  ctx: AccountContext,
  params: { pageSize: number; cursor?: string },
) {
  if (typeof params?.pageSize !== 'number') throw bad('Invalid parameter: "pageSize"');
  const res = await restCall<{ data?: Record<string, string>[]; cursor?: string }>(
    ctx,
    'GET',
    `/users/${ctx.user}/notification/mute/type`,
    { query: { limit: params.pageSize || 10, cursor: params.cursor || undefined } },
  );
  const conversations: RemindTypeConversation[] = (res.data ?? []).map((e) =>
    'user' in e
      ? {
          conversationId: e['user'] ?? '',
          type: 'singleChat',
          remindType: e['value'] as RemindTypeConversation['remindType'],
        }
      : {
          conversationId: e['group'] ?? '',
          type: 'groupChat',
          remindType: e['value'] as RemindTypeConversation['remindType'],
        },
  );
  return { type: 0 as const, data: { conversations, cursor: res.cursor ?? '' } };
}
