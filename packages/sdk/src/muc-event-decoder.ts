// A MUC meta (namespace MUC, payload MUCBody) as the official SDK hands it to the app: `onGroupEvent` /
// `onChatroomEvent` with `{operation, id, from, …}`, the extra fields per operation exactly as the
// official dispatch table fills them (spec msync §4.9): userId ← to[0], name ← mucName, reason,
// announcement ← reason, memberCount ← mucMemberCount (members[] → the plural event), detail ←
// eventInfo.ext (updateInfo), muteTimestamp ← ext `user_mute_time`, attributes ← eventInfo.ext. The
// operations that only feed the legacy onGroupChange, and thread operations, give nothing here.
import { MucOperation as Op, msync, type Meta, type MucBody } from '@confab/protocol';

export type MucEventName = 'onGroupEvent' | 'onChatroomEvent' | 'onMultiDeviceEvent';

/** Any MUC event payload (the chat-room events' type; group events are typed as GroupEvent below). */
export interface MucEventPayload {
  operation: string;
  id: string;
  from?: string;
  [field: string]: unknown;
}

/** The official `GroupModifyInfo`: what an updateInfo event says changed. */
export interface GroupModifyInfo {
  name?: string;
  description?: string;
  public?: boolean;
  approval?: boolean;
  allowInvites?: boolean;
  maxUsers?: number;
  inviteNeedConfirm?: boolean;
  ext?: string;
  lastModified?: number;
  avatar?: string;
}

export type GroupEventOperation =
  | 'create'
  | 'destroy'
  | 'requestToJoin'
  | 'acceptRequest'
  | 'joinPublicGroupDeclined'
  | 'inviteToJoin'
  | 'acceptInvite'
  | 'rejectInvite'
  | 'removeMember'
  | 'unblockMember'
  | 'updateInfo'
  | 'memberPresence'
  | 'membersPresence'
  | 'memberAbsence'
  | 'membersAbsence'
  | 'directJoined'
  | 'changeOwner'
  | 'setAdmin'
  | 'removeAdmin'
  | 'muteMember'
  | 'unmuteMember'
  | 'updateAnnouncement'
  | 'deleteAnnouncement'
  | 'uploadFile'
  | 'deleteFile'
  | 'addUserToAllowlist'
  | 'removeAllowlistMember'
  | 'muteAllMembers'
  | 'unmuteAllMembers'
  | 'memberAttributesUpdate';

/** The official `GroupEvent` (onGroupEvent; onMultiDeviceEvent for one's own attribute change). */
export interface GroupEvent {
  operation: GroupEventOperation;
  /** The group id. */
  id: string;
  /** Who acted (absent on membersPresence / membersAbsence, as in the official SDK). */
  from?: string;
  userId?: string;
  name?: string;
  detail?: GroupModifyInfo;
  memberCount?: number;
  members?: string[];
  reason?: string;
  announcement?: string;
  /** muteMember: when each muted user's mute ends (ms; -1 = never). */
  muteTimestamp?: Record<string, number>;
  /** memberAttributesUpdate: the member's new attributes. */
  attributes?: Record<string, string>;
}

export type DecodedMucEvent =
  | { event: 'onGroupEvent' | 'onMultiDeviceEvent'; payload: GroupEvent }
  | { event: 'onChatroomEvent'; payload: MucEventPayload };

/** Group settings flags the SDK turns from "true"/"false" into booleans in updateInfo's detail. */
const FLAGS = ['public', 'members_only', 'allow_user_invites', 'invite_need_confirm'];
/** Agora's update keys → the detail's keys. */
const DETAIL_KEYS: Record<string, string> = {
  name: 'name',
  title: 'name',
  description: 'description',
  public: 'public',
  members_only: 'approval',
  allow_user_invites: 'allowInvites',
  max_users: 'maxUsers',
  invite_need_confirm: 'inviteNeedConfirm',
  custom: 'ext',
  last_modified: 'lastModified',
  avatar: 'avatar',
};

/** The plain operations: the event's name and, if any, the field `to[0]` fills as `userId`. */
const SIMPLE: Partial<Record<number, [string, boolean?]>> = {
  [Op.CREATE]: ['create'],
  [Op.DESTROY]: ['destroy'],
  [Op.APPLY_ACCEPT]: ['acceptRequest'],
  [Op.INVITE_ACCEPT]: ['acceptInvite'],
  [Op.INVITE_DECLINE]: ['rejectInvite'],
  [Op.KICK]: ['removeMember'],
  [Op.ASSIGN_OWNER]: ['changeOwner'],
  [Op.ADD_ADMIN]: ['setAdmin', true],
  [Op.REMOVE_ADMIN]: ['removeAdmin'],
  [Op.REMOVE_MUTE]: ['unmuteMember', true],
  [Op.DELETE_ANNOUNCEMENT]: ['deleteAnnouncement'],
  [Op.UPLOAD_FILE]: ['uploadFile'],
  [Op.DELETE_FILE]: ['deleteFile'],
  [Op.ADD_USER_WHITE_LIST]: ['addUserToAllowlist', true],
  [Op.REMOVE_USER_WHITE_LIST]: ['removeAllowlistMember', true],
  [Op.BAN_GROUP]: ['muteAllMembers'],
  [Op.REMOVE_BAN_GROUP]: ['unmuteAllMembers'],
};

const parse = (json: string | undefined): Record<string, unknown> => {
  try {
    const v: unknown = JSON.parse(json || '{}');
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

function detailOf(ext: string | undefined): Record<string, unknown> {
  const detail: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parse(ext))) {
    const name = DETAIL_KEYS[key];
    if (!name) continue;
    detail[name] =
      key === 'last_modified'
        ? Number(value)
        : FLAGS.includes(key)
          ? value === 'true' || value === true
          : value;
  }
  return detail;
}

/**
 * The events of one MUC meta, in dispatch order (several when a room's members[] lists many); `self`
 * tells an attribute change made on another device of this user (onMultiDeviceEvent).
 */
export function decodeMucMeta(meta: Meta, self: { user: string; resource: string }): DecodedMucEvent[] {
  const body: MucBody = msync.MUCBody.decode(meta.payload ?? new Uint8Array());
  if (body.isThread) return [];
  const room = body.isChatroom === true;
  const event: MucEventName = room ? 'onChatroomEvent' : 'onGroupEvent';
  const from = body.from?.name ?? '';
  const base: MucEventPayload = { operation: '', id: body.mucId?.name ?? '', from };
  const to0 = body.to?.[0]?.name ?? '';
  const op = body.operation ?? 0;
  // The payload built here is the group event's shape for groups (GroupEvent) and the room's for rooms.
  const one = (payload: MucEventPayload): DecodedMucEvent[] => [{ event, payload } as DecodedMucEvent];

  const simple = SIMPLE[op];
  if (simple) return one({ ...base, operation: simple[0], ...(simple[1] ? { userId: to0 } : {}) });
  switch (op) {
    case Op.APPLY:
      return one({ ...base, ...(body.reason ? { reason: body.reason } : {}), operation: 'requestToJoin' });
    case Op.APPLY_DECLINE:
      return one({ ...base, operation: 'joinPublicGroupDeclined', ...(room ? {} : { userId: to0 }) });
    case Op.INVITE:
      return one({ ...base, operation: 'inviteToJoin', name: body.mucName ?? '' });
    case Op.DIRECT_JOINED:
      return one({ ...base, operation: 'directJoined', name: body.mucName ?? '' });
    case Op.ALLOW:
      return one({ ...base, ...(body.reason ? { reason: body.reason } : {}), operation: 'unblockMember' });
    case Op.UPDATE:
      return one({
        ...base,
        ...(room ? {} : { detail: detailOf(body.eventInfo?.ext) }),
        operation: 'updateInfo',
      });
    case Op.UPDATE_ANNOUNCEMENT:
      return one({ ...base, operation: 'updateAnnouncement', announcement: body.reason ?? '' });
    case Op.ADD_MUTE: {
      const time: unknown = parse(body.ext)['user_mute_time'];
      return one({ ...base, ...(time ? { muteTimestamp: time } : {}), operation: 'muteMember', userId: to0 });
    }
    case Op.PRESENCE:
    case Op.ABSENCE: {
      const single: MucEventPayload = {
        ...base,
        ...(room && op === Op.PRESENCE && body.ext ? { ext: body.ext } : {}),
        operation: op === Op.PRESENCE ? 'memberPresence' : 'memberAbsence',
        ...(body.mucMemberCount ? { memberCount: body.mucMemberCount } : {}),
      };
      const members = body.members ?? [];
      if (members.length === 0) return one(single);
      // Rooms: one event per member; groups: one plural event without `from`.
      if (room) return members.flatMap((m) => one({ ...single, from: m }));
      const rest: MucEventPayload = { ...single };
      delete rest.from;
      return one({ ...rest, members, operation: op === Op.PRESENCE ? 'membersPresence' : 'membersAbsence' });
    }
    case Op.SET_METADATA:
    case Op.DELETE_METADATA: {
      const info = parse(body.eventInfo?.ext) as {
        result?: { successKeys?: string[] };
        properties?: Record<string, unknown>;
      };
      const keys = info.result?.successKeys ?? [];
      if (keys.length === 0) return [];
      if (op === Op.DELETE_METADATA)
        return one({ ...base, operation: 'removeChatRoomAttributes', attributes: keys });
      const attributes: Record<string, unknown> = {};
      for (const k of keys) attributes[k] = info.properties?.[k];
      return one({ ...base, operation: 'updateChatRoomAttributes', attributes });
    }
    case Op.GROUP_MEMBER_METADATA_UPDATE: {
      const info = parse(body.eventInfo?.ext) as { properties?: unknown; username?: string };
      const payload = {
        ...base,
        operation: 'memberAttributesUpdate',
        attributes: info.properties ?? {},
        userId: info.username ?? '',
      };
      const otherDevice = from === self.user && body.from?.clientResource !== self.resource;
      return [{ event: otherDevice ? 'onMultiDeviceEvent' : 'onGroupEvent', payload: payload as GroupEvent }];
    }
    default:
      return [];
  }
}
