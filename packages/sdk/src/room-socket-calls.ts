// Chat-room JOIN and LEAVE over the socket, as the official SDK sends them (spec msync §4.8): a MUC meta
// with a MUCBody {mucId, operation JOIN(2) | LEAVE(3), isChatroom, ext, leaveOtherRooms}, answered by an
// ACK of the meta id. A JOIN resolves {type:0, data:{action:"apply", id, result:true, user, info}} with the
// `info` the ACK's MUCBody.status.chatroomInfo gives; a LEAVE {type:0, data:{result:true}}; a refusal
// rejects {type, message, data:""} with the code the ACK's status maps to (§5.2). No answer in 15 s:
// {type:-1, message:"request timeout"} and a reconnect, like the official client.
import {
  ConfabError,
  Domain,
  MucOperation,
  NameSpace,
  StatusCode,
  codeFromAckStatus,
  msync,
  toU64,
  u64ToString,
  type CommSyncDL,
  type Meta,
} from '@confab/protocol';
import { getUniqueId } from './message-factory.js';

/** The official room-call timeout. */
export const ROOM_CALL_TIMEOUT_MS = 15_000;

export interface JoinedRoomInfo {
  isAllMembersMuted?: boolean;
  createTimestamp?: number;
  isInAllowlist?: boolean;
  memberCount?: number;
  muteExpireTimestamp?: number;
}

export interface JoinChatRoomResult {
  type: 0;
  data: { action: 'apply'; id: string; result: true; user: string; info: JoinedRoomInfo };
}

export interface LeaveChatRoomResult {
  type: 0;
  data: { result: true };
}

interface Waiting {
  settle: (dl: CommSyncDL) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** The calls waiting for their ACK, by meta id. */
export class MucCalls {
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly onTimeout: () => void) {}

  /** Sends a call's meta with `write`; resolves with its ACK. */
  call(meta: Meta, write: (meta: Meta) => boolean): Promise<CommSyncDL> {
    const id = u64ToString(meta.id);
    return new Promise((resolve, reject) => {
      if (!write(meta)) return reject(new ConfabError(39, 'websocket has been disconnected', ''));
      const timer = setTimeout(() => {
        if (!this.waiting.delete(id)) return;
        reject(new ConfabError(-1, 'request timeout', ''));
        this.onTimeout();
      }, ROOM_CALL_TIMEOUT_MS);
      this.waiting.set(id, { settle: resolve, timer });
    });
  }

  /** An ACK: true when it answers one of these calls. */
  settle(dl: CommSyncDL): boolean {
    const id = u64ToString(dl.metaId);
    const w = this.waiting.get(id);
    if (!w) return false;
    this.waiting.delete(id);
    clearTimeout(w.timer);
    w.settle(dl);
    return true;
  }
}

/** The meta of a JOIN or LEAVE by `user` of `roomId`. */
export function roomCallMeta(
  appKey: string,
  user: string,
  roomId: string,
  operation: 'join' | 'leave',
  opts: { ext?: string; leaveOtherRooms?: boolean } = {},
): Meta {
  const body = msync.MUCBody.encode({
    mucId: { appKey, name: roomId, domain: Domain.CONFERENCE },
    operation: operation === 'join' ? MucOperation.JOIN : MucOperation.LEAVE,
    from: { name: user },
    isChatroom: true,
    ...(operation === 'join' ? { ext: opts.ext ?? '', leaveOtherRooms: opts.leaveOtherRooms ?? false } : {}),
  });
  return {
    id: toU64(BigInt(getUniqueId())),
    from: { appKey, name: user, domain: Domain.USER },
    to: { domain: Domain.USER },
    ns: NameSpace.MUC,
    payload: body,
  };
}

/** The ACK's refusal as the official SDK rejects a room call, or undefined on success. */
export function roomCallError(dl: CommSyncDL): ConfabError | undefined {
  const status = dl.status;
  if (!status || (status.errorCode ?? 0) === StatusCode.OK) return undefined;
  const { type, message } = codeFromAckStatus(status);
  return new ConfabError(type, status.reason || message, '');
}

/** What a successful JOIN's ACK says about the room (`info`; {} without it). */
export function joinedRoomInfo(dl: CommSyncDL, user: string): JoinedRoomInfo {
  const meta = dl.metas?.[0];
  if (!meta?.payload) return {};
  try {
    const body = msync.MUCBody.decode(meta.payload);
    const info = (JSON.parse(body.status?.chatroomInfo || '{}') as Record<string, Record<string, unknown>>)[
      user
    ];
    if (!info) return {};
    return {
      isAllMembersMuted: info.is_all_mute as boolean,
      createTimestamp: info.create_timestamp as number,
      isInAllowlist: info.is_in_white_list as boolean,
      memberCount: info.member_count as number,
      muteExpireTimestamp: (info.mute_duration as number | undefined) ?? -1,
    };
  } catch {
    return {};
  }
}
