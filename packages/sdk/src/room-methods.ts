// The official Connection methods of chat-room presence (joinChatRoom, leaveChatRoom and its alias
// quitChatRoom), added to Connection from here. The socket calls are in room-calls.ts.
import { ConfabError, ErrorCode } from '@confab/protocol';
import { Connection } from './connection.js';
import {
  joinedRoomInfo,
  roomCallError,
  roomCallMeta,
  type JoinChatRoomResult,
  type LeaveChatRoomResult,
} from './room-calls.js';

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

export interface RoomMethods {
  joinChatRoom(params: JoinChatRoomParams): Promise<JoinChatRoomResult>;
  leaveChatRoom(params: LeaveChatRoomParams): Promise<LeaveChatRoomResult>;
  quitChatRoom(params: LeaveChatRoomParams): Promise<LeaveChatRoomResult>;
}

declare module './connection.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Connection extends RoomMethods {}
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

const methods: RoomMethods = {
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
