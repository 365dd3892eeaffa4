// The official Connection methods of chat-room presence (joinChatRoom, leaveChatRoom and its alias
// quitChatRoom), added to Connection from here. The socket calls are in room-socket-calls.ts; the REST room methods are in room-methods.ts.
import { ConfabError, ErrorCode } from '@confab/protocol';
import { Connection } from './connection.js';
import * as attrs from './room-attribute-calls.js';
import {
  joinedRoomInfo,
  roomCallError,
  roomCallMeta,
  type JoinChatRoomResult,
  type LeaveChatRoomResult,
} from './room-socket-calls.js';

interface Callbacks<T> {
  success?: (res: T) => void;
  error?: (error: unknown) => void;
}

export interface JoinChatRoomParams extends Callbacks<JoinChatRoomResult> {
  roomId: string;
  /** Deprecated in the official SDK, sent nowhere. */
  message?: string;
  /** Told to the other members with memberPresence. */
  ext?: string;
  /** Leave every other room the user is in. */
  leaveOtherRooms?: boolean;
}

export interface LeaveChatRoomParams extends Callbacks<LeaveChatRoomResult> {
  roomId: string;
}

type AttrCall<P, R> = (params: P & Callbacks<R>) => Promise<R>;
type WriteResult = { data: attrs.AttributeWriteData; type: 0 };

export interface RoomLiveMethods {
  getChatRoomAttributes: AttrCall<
    { chatRoomId: string; attributeKeys?: string[] },
    { data: Record<string, string>; type: 0 }
  >;
  setChatRoomAttributes: AttrCall<
    { chatRoomId: string; attributes: Record<string, string>; autoDelete?: boolean; isForced?: boolean },
    WriteResult
  >;
  setChatRoomAttribute: AttrCall<
    {
      chatRoomId: string;
      attributeKey: string;
      attributeValue: string;
      autoDelete?: boolean;
      isForced?: boolean;
    },
    void
  >;
  removeChatRoomAttributes: AttrCall<
    { chatRoomId: string; attributeKeys: string[]; isForced?: boolean },
    WriteResult
  >;
  removeChatRoomAttribute: AttrCall<{ chatRoomId: string; attributeKey: string; isForced?: boolean }, void>;
  joinChatRoom(params: JoinChatRoomParams): Promise<JoinChatRoomResult>;
  leaveChatRoom(params: LeaveChatRoomParams): Promise<LeaveChatRoomResult>;
  quitChatRoom(params: LeaveChatRoomParams): Promise<LeaveChatRoomResult>;
}

declare module './connection.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Connection extends RoomLiveMethods {}
}

const invalid = (what: string) =>
  new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, `Invalid parameter ${what}`);

async function call(
  c: Connection,
  roomId: string,
  op: 'join' | 'leave',
  opts: { ext?: string; leaveOtherRooms?: boolean },
) {
  if (!c.isOpened()) throw new ConfabError(ErrorCode.WEBIM_CONNECTION_CLOSED, 'not login');
  const meta = roomCallMeta(c.appKey, c.user, roomId, op, opts);
  const dl = await c.mucCalls.call(meta, (m) => c.writeMeta(m));
  const error = roomCallError(dl);
  if (error) throw error;
  return dl;
}

function leave(this: Connection, params: LeaveChatRoomParams): Promise<LeaveChatRoomResult> {
  if (typeof params?.roomId !== 'string' || params.roomId === '') throw new Error('Invalid parameter');
  return this.withCallbacks(params, async () => {
    await call(this, params.roomId, 'leave', {});
    return { type: 0 as const, data: { result: true as const } };
  });
}

/** A REST method with the official callbacks; parameters are checked (and thrown) before anything is sent. */
function rest<P extends object, R>(fn: (ctx: ReturnType<Connection['accountContext']>, p: P) => Promise<R>) {
  return function (this: Connection, params: P & Callbacks<R>): Promise<R> {
    return this.withCallbacks(params, () => fn(this.accountContext(), params));
  };
}

const methods: RoomLiveMethods = {
  getChatRoomAttributes: rest(attrs.getChatRoomAttributes),
  setChatRoomAttributes: rest(attrs.setChatRoomAttributes),
  setChatRoomAttribute: rest(attrs.setChatRoomAttribute),
  removeChatRoomAttributes: rest(attrs.removeChatRoomAttributes),
  removeChatRoomAttribute: rest(attrs.removeChatRoomAttribute),
  joinChatRoom(this: Connection, params) {
    // The official SDK throws (synchronously) on bad parameters.
    if (typeof params?.roomId !== 'string' || params.roomId === '') throw invalid('roomId');
    if (params.ext !== undefined && typeof params.ext !== 'string') throw invalid('ext');
    if (params.leaveOtherRooms !== undefined && typeof params.leaveOtherRooms !== 'boolean')
      throw invalid('leaveOtherRooms');
    return this.withCallbacks(params, async () => {
      const dl = await call(this, params.roomId, 'join', {
        ext: params.ext ?? '',
        leaveOtherRooms: params.leaveOtherRooms ?? false,
      });
      return {
        type: 0 as const,
        data: {
          action: 'apply' as const,
          id: params.roomId,
          result: true as const,
          user: this.user,
          info: joinedRoomInfo(dl, this.user),
        },
      };
    });
  },
  leaveChatRoom: leave,
  quitChatRoom: leave,
};

Object.assign(Connection.prototype, methods);
