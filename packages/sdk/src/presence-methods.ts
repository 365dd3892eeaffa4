// The official Connection methods of presence and user attributes, added to Connection from here so
// connection.ts stays the connection. The calls are in presence-calls.ts and user-info-calls.ts.
import { Connection } from './connection.js';
import * as presence from './presence-calls.js';
import type { PresenceResult, SubscribedPresenceList } from './presence-calls.js';
import * as info from './user-info-calls.js';
import type { UserInfo, UserInfoResult } from './user-info-calls.js';

interface Callbacks<T> {
  success?: (res: T) => void;
  error?: (error: unknown) => void;
}
type WithResult<T> = { type: 0; result: T; data: { result: T } };
type Call<P, R> = (params: P & Callbacks<R>) => Promise<R>;
type PageParams = { pageNum: number; pageSize: number };

export interface PresenceMethods {
  publishPresence: Call<{ description: string }, void>;
  subscribePresence: Call<{ usernames: string[]; expiry: number }, WithResult<PresenceResult[]>>;
  unsubscribePresence: Call<{ usernames: string[] }, void>;
  getSubscribedPresenceList: Call<PageParams, WithResult<SubscribedPresenceList>>;
  getSubscribedPresencelist: Call<PageParams, WithResult<SubscribedPresenceList>>;
  getPresenceStatus: Call<{ usernames: string[] }, WithResult<PresenceResult[]>>;
  updateOwnUserInfo(
    info: UserInfo | string,
    value?: string | number,
  ): Promise<UserInfoResult<Record<string, string>>>;
  updateUserInfo(
    info: UserInfo | string,
    value?: string | number,
  ): Promise<UserInfoResult<Record<string, string>>>;
  fetchUserInfoById(
    users: string | string[],
    properties?: string | string[],
  ): Promise<UserInfoResult<Record<string, Record<string, string>>>>;
  updateCurrentUserNick(nick: string): Promise<Record<string, unknown> & { type: 0 }>;
}

declare module './connection.js' {
  // Declaration merging: the methods below are Connection's.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Connection extends PresenceMethods {}
}

function method<P extends object, R>(call: (c: Connection, params: P) => Promise<R>) {
  return function (this: Connection, params: P & Callbacks<R>): Promise<R> {
    return this.withCallbacks(params, () => call(this, params));
  };
}
const ctx = (c: Connection) => c.accountContext();

const subscribedList = method((c, p: PageParams) => presence.getSubscribedPresenceList(ctx(c), p));
const updateInfo = function (this: Connection, infoOrKey: UserInfo | string, value?: string | number) {
  return this.withCallbacks(undefined, () => info.updateOwnUserInfo(ctx(this), infoOrKey, value));
};

const methods: PresenceMethods = {
  publishPresence: method((c, p: { description: string }) => presence.publishPresence(ctx(c), p)),
  subscribePresence: method((c, p: { usernames: string[]; expiry: number }) =>
    presence.subscribePresence(ctx(c), p),
  ),
  unsubscribePresence: method((c, p: { usernames: string[] }) => presence.unsubscribePresence(ctx(c), p)),
  getSubscribedPresenceList: subscribedList,
  getSubscribedPresencelist: subscribedList,
  getPresenceStatus: method((c, p: { usernames: string[] }) => presence.getPresenceStatus(ctx(c), p)),
  updateOwnUserInfo: updateInfo,
  updateUserInfo: updateInfo,
  fetchUserInfoById(this: Connection, users, properties) {
    return this.withCallbacks(undefined, () => info.fetchUserInfoById(ctx(this), users, properties));
  },
  updateCurrentUserNick(this: Connection, nick) {
    return this.withCallbacks(undefined, () => info.updateCurrentUserNick(ctx(this), nick));
  },
};

Object.assign(Connection.prototype, methods);
