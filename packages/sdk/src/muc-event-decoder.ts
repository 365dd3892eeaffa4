// MUC metas (group events, msync spec §4.9) -> the objects the official SDK gives `onGroupEvent`: the
// same operation names and fields, filled from the same MUCBody fields, as the bundle's dispatch table
// (`h()` next to `onMucMessage` in Agora-chat.js). The decoded MUCBody has protobufjs defaults ('' and
// []) like the official one, so a field the official SDK copies unconditionally ('' when absent) reads the
// same here. Chat-room and thread events are not decoded yet (rooms and threads have their own issues).
import { MucOperation as Op, msync } from '@confab/protocol';
import type { Meta, MucBody } from '@confab/protocol';
import type { Self } from './message-decoder.js';

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

/** The official `GroupEvent` (onGroupEvent), plus the fields some operations add. */
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

export type DecodedMucMeta =
  | { kind: 'group'; event: GroupEvent }
  /** An attribute change of one's own made on another device: the official onMultiDeviceEvent. */
  | { kind: 'multi-device'; event: GroupEvent }
  | { kind: 'ignored'; reason: string };

type Base = { operation: GroupEventOperation; id: string; from: string };
type Build = (body: MucBody, base: Base) => GroupEvent;

/** `to[0].name`, or '' (the official `n.to`). */
const target = (body: MucBody) => body.to?.[0]?.name ?? '';

const named =
  (operation: GroupEventOperation): Build =>
  (_, base) => ({ ...base, operation });

/** memberPresence / memberAbsence, or the plural form (without `from`) when MUCBody.members is filled. */
const presence =
  (one: GroupEventOperation, many: GroupEventOperation): Build =>
  (body, base) => {
    const event: GroupEvent = { ...base, operation: one };
    if (body.mucMemberCount) event.memberCount = body.mucMemberCount;
    if (!body.members?.length) return event;
    const plural: GroupEvent = { ...event, members: [...body.members], operation: many };
    delete plural.from;
    return plural;
  };

/** Agora's updateInfo keys -> the SDK's `detail` keys. */
const DETAIL_KEYS: Readonly<Record<string, keyof GroupModifyInfo>> = {
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
const BOOLEAN_KEYS = new Set(['public', 'members_only', 'allow_user_invites', 'invite_need_confirm']);

function detailOf(body: MucBody): GroupModifyInfo {
  const raw = JSON.parse(body.eventInfo?.ext || '{}', (key, value: unknown) =>
    key === 'last_modified'
      ? Number(value)
      : BOOLEAN_KEYS.has(key)
        ? value === 'true' || value === true
        : value,
  ) as Record<string, unknown>;
  const detail: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const mapped = DETAIL_KEYS[key];
    if (mapped) detail[mapped] = value;
  }
  return detail;
}

const BUILDERS: Partial<Record<number, Build>> = {
  [Op.CREATE]: named('create'),
  [Op.DESTROY]: named('destroy'),
  [Op.APPLY]: (body, base) => ({
    ...base,
    ...(body.reason ? { reason: body.reason } : {}),
    operation: 'requestToJoin',
  }),
  [Op.APPLY_ACCEPT]: named('acceptRequest'),
  [Op.APPLY_DECLINE]: (body, base) => ({
    ...base,
    operation: 'joinPublicGroupDeclined',
    userId: target(body),
  }),
  [Op.INVITE]: (body, base) => ({ ...base, operation: 'inviteToJoin', name: body.mucName ?? '' }),
  [Op.INVITE_ACCEPT]: named('acceptInvite'),
  [Op.INVITE_DECLINE]: named('rejectInvite'),
  [Op.KICK]: named('removeMember'),
  [Op.ALLOW]: (body, base) => ({
    ...base,
    ...(body.reason ? { reason: body.reason } : {}),
    operation: 'unblockMember',
  }),
  [Op.UPDATE]: (body, base) => ({ ...base, detail: detailOf(body), operation: 'updateInfo' }),
  [Op.PRESENCE]: presence('memberPresence', 'membersPresence'),
  [Op.ABSENCE]: presence('memberAbsence', 'membersAbsence'),
  [Op.DIRECT_JOINED]: (body, base) => ({ ...base, operation: 'directJoined', name: body.mucName ?? '' }),
  [Op.ASSIGN_OWNER]: named('changeOwner'),
  [Op.ADD_ADMIN]: (body, base) => ({ ...base, operation: 'setAdmin', userId: target(body) }),
  [Op.REMOVE_ADMIN]: named('removeAdmin'),
  [Op.ADD_MUTE]: (body, base) => {
    const event: GroupEvent = { ...base };
    if (body.ext) {
      const until = (JSON.parse(body.ext) as { user_mute_time?: Record<string, number> }).user_mute_time;
      if (until) event.muteTimestamp = until;
    }
    return { ...event, operation: 'muteMember', userId: target(body) };
  },
  [Op.REMOVE_MUTE]: (body, base) => ({ ...base, operation: 'unmuteMember', userId: target(body) }),
  [Op.UPDATE_ANNOUNCEMENT]: (body, base) => ({
    ...base,
    operation: 'updateAnnouncement',
    announcement: body.reason ?? '',
  }),
  [Op.DELETE_ANNOUNCEMENT]: named('deleteAnnouncement'),
  [Op.UPLOAD_FILE]: named('uploadFile'),
  [Op.DELETE_FILE]: named('deleteFile'),
  [Op.ADD_USER_WHITE_LIST]: (body, base) => ({
    ...base,
    operation: 'addUserToAllowlist',
    userId: target(body),
  }),
  [Op.REMOVE_USER_WHITE_LIST]: (body, base) => ({
    ...base,
    operation: 'removeAllowlistMember',
    userId: target(body),
  }),
  [Op.BAN_GROUP]: named('muteAllMembers'),
  [Op.REMOVE_BAN_GROUP]: named('unmuteAllMembers'),
  [Op.GROUP_MEMBER_METADATA_UPDATE]: (body, base) => {
    const info = (JSON.parse(body.eventInfo?.ext || '{}') ?? {}) as {
      properties?: Record<string, string>;
      username?: string;
    };
    return {
      ...base,
      operation: 'memberAttributesUpdate',
      attributes: info.properties ?? {},
      userId: info.username ?? '',
    };
  },
};

/**
 * Decodes a MUC-namespace meta. Throws only on a malformed payload or event JSON (the caller reports
 * it); operations the official SDK tells no onGroupEvent (join, leave, block lists of old servers…) are
 * 'ignored'.
 */
export function decodeMucMeta(meta: Meta, self: Self): DecodedMucMeta {
  const body = msync.MUCBody.decode(meta.payload ?? new Uint8Array());
  const operation = body.operation ?? -1;
  if (body.isThread) return { kind: 'ignored', reason: `thread event ${operation} not supported` };
  if (body.isChatroom) return { kind: 'ignored', reason: `chat room event ${operation} not supported` };
  const build = BUILDERS[operation];
  if (!build) return { kind: 'ignored', reason: `no group event for MUC operation ${operation}` };
  const from = body.from?.name ?? '';
  const event = build(body, { operation: 'create', id: body.mucId?.name ?? '', from });
  // The official SDK tells a member's own attribute change made on another device apart.
  const otherDevice = from === self.user && body.from?.clientResource !== self.resource;
  if (operation === Op.GROUP_MEMBER_METADATA_UPDATE && otherDevice) return { kind: 'multi-device', event };
  return { kind: 'group', event };
}
