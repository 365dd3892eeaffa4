// A group (or room) event as the client receives it: a Meta of namespace MUC whose payload is a MUCBody
// (spec msync §3, §4.9). The official SDK turns it into `onGroupEvent({operation, id, from, …})`; which
// MUCBody field feeds which event field depends on the operation (the SDK's dispatch table):
//   id ← mucId.name; from ← from.name; userId ← to[0].name (joinPublicGroupDeclined, muteMember,
//   unmuteMember, setAdmin, addUserToAllowlist, removeAllowlistMember); name ← mucName (inviteToJoin,
//   directJoined); reason ← reason (requestToJoin, unblockMember); announcement ← reason
//   (updateAnnouncement); memberCount ← mucMemberCount and members ← members[] (memberPresence /
//   memberAbsence, the plural form when members[] is filled); muteTimestamp ← ext JSON `user_mute_time`
//   (muteMember); detail ← eventInfo.ext JSON (updateInfo); attributes, userId ← eventInfo.ext JSON
//   `{username, properties}` (memberAttributesUpdate; the actor's other devices get it as
//   onMultiDeviceEvent, told apart by from.clientResource).
import {
  Domain,
  MucOperation,
  NameSpace,
  msync,
  toU64,
  type Jid,
  type Meta,
  type MucBody,
} from '@confab/protocol';
import type { MucEvent } from '../ports/muc-events.js';
import type { MucRecord } from '../ports/mucs.js';

/** Operations whose JSON the SDK reads from MUCBody.eventInfo.ext; every other one's is MUCBody.ext. */
const EVENT_INFO_OPERATIONS = new Set<number>([
  MucOperation.UPDATE,
  MucOperation.SET_METADATA,
  MucOperation.DELETE_METADATA,
  MucOperation.GROUP_MEMBER_METADATA_UPDATE,
]);

/** JSON the SDK parses without a guard for these operations: an event without ext still gets valid JSON. */
const EMPTY_EVENT_INFO: Partial<Record<number, string>> = {
  [MucOperation.GROUP_MEMBER_METADATA_UPDATE]: '{}',
  [MucOperation.SET_METADATA]: '{"result":{"successKeys":[]},"properties":{}}',
  [MucOperation.DELETE_METADATA]: '{"result":{"successKeys":[]},"properties":{}}',
};

const userJid = (appKey: string, name: string, resource?: string): Jid =>
  resource
    ? { appKey, name, domain: Domain.USER, clientResource: resource }
    : { appKey, name, domain: Domain.USER };

/** The MUCBody of an event, with every field the SDK reads for its operation. */
export function mucEventBody(appKey: string, e: MucEvent): MucBody {
  const body: MucBody = {
    mucId: { appKey, name: e.mucId, domain: Domain.CONFERENCE },
    operation: e.operation,
    from: userJid(appKey, e.actor, e.actorResource),
    to: (e.targets ?? []).map((t) => userJid(appKey, t)),
    isChatroom: e.kind === 'room',
  };
  if (e.reason !== undefined) body.reason = e.reason;
  if (e.mucName !== undefined) body.mucName = e.mucName;
  if (e.memberCount !== undefined) body.mucMemberCount = e.memberCount;
  if (e.members !== undefined && e.members.length > 0) body.members = [...e.members];
  const ext = e.ext ?? EMPTY_EVENT_INFO[e.operation];
  if (ext !== undefined) {
    if (EVENT_INFO_OPERATIONS.has(e.operation)) body.eventInfo = { eventType: 0, ext };
    else body.ext = ext;
  }
  return body;
}

/** The Meta a device receives: server id, the actor as sender, the MUC as receiver. */
export function mucEventMeta(appKey: string, id: bigint, e: MucEvent): Meta {
  return {
    id: toU64(id),
    from: userJid(appKey, e.actor, e.actorResource),
    to: { appKey, name: e.mucId, domain: Domain.CONFERENCE },
    timestamp: toU64(e.createdAt),
    ns: NameSpace.MUC,
    payload: msync.MUCBody.encode(mucEventBody(appKey, e)),
  };
}

// The JSON some operations carry, built here so every use case writes the keys the SDK reads.

/** muteMember: when each muted user's mute ends (ms since the epoch; -1 = never), `muteTimestamp`. */
export function muteEventExt(until: Readonly<Record<string, number>>): string {
  return JSON.stringify({ user_mute_time: until });
}

/** Agora's names of the group fields an updateInfo event carries (the SDK maps them to `detail`). */
export type GroupInfoChange = Partial<
  Pick<
    MucRecord,
    | 'name'
    | 'description'
    | 'public'
    | 'approval'
    | 'allowInvites'
    | 'maxUsers'
    | 'inviteNeedConfirm'
    | 'custom'
    | 'avatar'
    | 'modifiedAt'
  >
>;

/** updateInfo: the changed fields, under Agora's keys (`members_only`, `allow_user_invites`, …). */
export function updateInfoEventExt(change: GroupInfoChange): string {
  const out: Record<string, string | number | boolean> = {};
  if (change.name !== undefined) out.name = change.name;
  if (change.description !== undefined) out.description = change.description;
  if (change.public !== undefined) out.public = change.public;
  if (change.approval !== undefined) out.members_only = change.approval;
  if (change.allowInvites !== undefined) out.allow_user_invites = change.allowInvites;
  if (change.maxUsers !== undefined) out.max_users = change.maxUsers;
  if (change.inviteNeedConfirm !== undefined) out.invite_need_confirm = change.inviteNeedConfirm;
  if (change.custom !== undefined) out.custom = change.custom;
  if (change.avatar !== undefined) out.avatar = change.avatar;
  if (change.modifiedAt !== undefined) out.last_modified = change.modifiedAt;
  return JSON.stringify(out);
}

/** memberAttributesUpdate: whose attributes changed and their new values (`userId`, `attributes`). */
export function memberAttributesEventExt(
  username: string,
  properties: Readonly<Record<string, string>>,
): string {
  return JSON.stringify({ username, properties });
}
