// User attributes and the push nickname (REST spec §1.1 #15, §1.2 #28–29): updateOwnUserInfo /
// updateUserInfo (PUT …/metadata/user/{me}), fetchUserInfoById (POST …/metadata/user/get) and
// updateCurrentUserNick (PUT …/users/{me} {nickname}). The official checks and raw answers; this SDK sends
// JSON where the official browser build sends a form (the server takes both).
import type { AccountContext } from './account-calls.js';
import { restCall } from './rest-call.js';

/** The keys the official SDK allows (and fetches when no properties are named). */
export const USER_INFO_KEYS = [
  'nickname',
  'avatarurl',
  'mail',
  'phone',
  'gender',
  'sign',
  'birth',
  'ext',
] as const;
export type UserInfoKey = (typeof USER_INFO_KEYS)[number];
export type UserInfo = Partial<Record<UserInfoKey, string | number>>;

export interface UserInfoResult<T> {
  type: 0;
  data: T;
  timestamp?: number;
  duration?: number;
}

const ILLEGAL_KEY =
  'illegal key, only these keys: nickname, avatarurl, mail, phone, gender, sign, birth, ext are allowed';

/** `updateOwnUserInfo(info)` or `updateOwnUserInfo(key, value)`; other keys of an object are dropped. */
export async function updateOwnUserInfo(
  ctx: AccountContext,
  infoOrKey: UserInfo | string,
  value?: string | number,
): Promise<UserInfoResult<Record<string, string>>> {
  let body: Record<string, string | number>;
  if (typeof infoOrKey === 'string') {
    if (!(USER_INFO_KEYS as readonly string[]).includes(infoOrKey)) throw new Error(ILLEGAL_KEY);
    body = { [infoOrKey]: value ?? '' };
  } else {
    if (Object.prototype.toString.call(infoOrKey) !== '[object Object]') throw new Error('illegal params');
    body = {};
    for (const k of USER_INFO_KEYS) if (infoOrKey[k] !== undefined) body[k] = infoOrKey[k];
  }
  return restCall(ctx, 'PUT', `/metadata/user/${ctx.user}`, { body });
}

/** `fetchUserInfoById(userId | userIds, property | properties?)`: `data {userId: {key: value}}`. */
export async function fetchUserInfoById(
  ctx: AccountContext,
  users: string | string[],
  properties?: string | string[],
): Promise<UserInfoResult<Record<string, Record<string, string>>>> {
  let targets: string[];
  if (typeof users === 'string') targets = [users];
  else if (Array.isArray(users)) targets = users;
  else throw new Error('illegal params');
  const props =
    typeof properties === 'string'
      ? [properties]
      : Array.isArray(properties)
        ? properties
        : [...USER_INFO_KEYS];
  return restCall(ctx, 'POST', '/metadata/user/get', { body: { targets, properties: props } });
}

/** updateCurrentUserNick(nick): the nickname push notifications show; the raw answer (`entities[]`). */
export async function updateCurrentUserNick(
  ctx: AccountContext,
  nick: string,
): Promise<Record<string, unknown> & { type: 0 }> {
  return restCall(ctx, 'PUT', `/users/${ctx.user}`, { body: { nickname: nick } });
}
