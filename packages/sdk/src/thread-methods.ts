// The official Connection methods of chat threads, added to Connection from here so connection.ts stays
// the connection. The calls are in thread-calls.ts.
import { Connection } from './connection.js';
import * as calls from './thread-calls.js';

type Calls = typeof calls;
type Method<K extends keyof Calls> = (params: Parameters<Calls[K]>[1]) => ReturnType<Calls[K]>;

export interface ThreadMethods {
  createChatThread: Method<'createChatThread'>;
  joinChatThread: Method<'joinChatThread'>;
  leaveChatThread: Method<'leaveChatThread'>;
  destroyChatThread: Method<'destroyChatThread'>;
  changeChatThreadName: Method<'changeChatThreadName'>;
  getChatThreadMembers: Method<'getChatThreadMembers'>;
  removeChatThreadMember: Method<'removeChatThreadMember'>;
  getJoinedChatThreads: Method<'getJoinedChatThreads'>;
  getChatThreads: Method<'getChatThreads'>;
  getChatThreadLastMessage: Method<'getChatThreadLastMessage'>;
  getChatThreadDetail: Method<'getChatThreadDetail'>;
}

declare module './connection.js' {
  // Declaration merging: the methods below are Connection's.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Connection extends ThreadMethods {}
}

const NAMES = [
  'createChatThread',
  'joinChatThread',
  'leaveChatThread',
  'destroyChatThread',
  'changeChatThreadName',
  'getChatThreadMembers',
  'removeChatThreadMember',
  'getJoinedChatThreads',
  'getChatThreads',
  'getChatThreadLastMessage',
  'getChatThreadDetail',
] as const satisfies readonly (keyof ThreadMethods)[];

const methods: Record<string, unknown> = {};
for (const name of NAMES) {
  methods[name] = function (this: Connection, params: never) {
    const call = calls[name] as (ctx: ReturnType<Connection['accountContext']>, p: never) => Promise<unknown>;
    return this.withCallbacks(undefined, () => call(this.accountContext(), params));
  };
}

Object.assign(Connection.prototype, methods);
