// Who may put something in a group's log over msync (a message, a recall, an edit, a read receipt), with
// Agora's codes as the official SDK reads them from the ACK (msync spec §5.2): 605 the group is gone,
// 608 it is disabled, 603 the user is on its block list, 602 not a member, 507 muted (the member itself,
// or the whole group unless the user is the owner, an admin or on the allow list; muc-speech.ts). Every
// group check of the send path is here, so the stores it reads are wired in one place.
import { ConfabError, ErrorCode } from '@confab/protocol';
import { serviceEnabled } from '../apps/app-settings.js';
import type { Clock } from '../ports/clock.js';
import type { MucKind, MucMember, MucRecord, MucStore } from '../ports/mucs.js';
import type { MucListStore } from '../ports/muc-lists.js';
import type { AppRecord, Storage } from '../ports/storage.js';
import { roomNotFound } from './muc-access.js';
import { maySpeak } from './muc-speech.js';

export interface GroupSendStores {
  mucs: Pick<MucStore, 'get' | 'member'>;
  /** The mute, allow and block lists (one indexed lookup per send). */
  mucLists: Pick<MucListStore, 'speakerState'>;
}

/** The one place the send path's group checks are wired to the stores. */
export const groupSendStores = (storage: Storage): GroupSendStores => ({
  mucs: storage.mucs,
  mucLists: storage.mucLists,
});

/**
 * `speak`: a message or an edit (mute applies); `act`: a recall or a read receipt (only membership and
 * the group's state matter).
 */
export type GroupSendKind = 'speak' | 'act';

export interface GroupSendAccess {
  group: MucRecord;
  member: MucMember;
}

/**
 * The checks of a send to a group, or to a chat room with `muc` 'room' (the same rules; the room's service
 * switch and 705 for no such room).
 */
export async function checkGroupSend(
  deps: { stores: GroupSendStores; clock: Clock },
  app: AppRecord,
  groupId: string,
  username: string,
  kind: GroupSendKind,
  muc: MucKind = 'group',
  /** The app server sends (REST): membership, lists and mutes do not apply; it acts as the owner. */
  appServer = false,
): Promise<GroupSendAccess> {
  if (!serviceEnabled(app, muc === 'room' ? 'chatrooms' : 'groups'))
    throw new ConfabError(
      ErrorCode.SERVICE_NOT_ENABLED,
      `${muc === 'room' ? 'chat room' : 'group'} service is not enabled`,
    );
  const { mucs, mucLists } = deps.stores;
  const group = await mucs.get(app.id, groupId);
  if (!group || group.kind !== muc)
    throw muc === 'room'
      ? roomNotFound(groupId)
      : new ConfabError(ErrorCode.GROUP_NOT_EXIST, 'group not found');
  if (group.disabled) throw new ConfabError(ErrorCode.GROUP_IS_DISABLED, 'group is disabled');
  if (appServer) return { group, member: { username, role: 'owner', joinedAt: 0 } };
  const [member, state] = await Promise.all([
    mucs.member(app.id, groupId, username),
    mucLists.speakerState(app.id, groupId, username, deps.clock.now()),
  ]);
  if (state.blocked) throw new ConfabError(ErrorCode.PERMISSION_DENIED, 'blocked');
  if (!member) throw new ConfabError(ErrorCode.GROUP_NOT_JOINED, 'not in group or chatroom');
  // Who may speak is the lists' rule (muc-speech.ts): allow-listed members speak even when muted.
  if (kind === 'speak' && !maySpeak(group, member.role, state))
    throw new ConfabError(ErrorCode.SERVICE_NOT_ALLOW_MESSAGING_MUTE, 'you were muted');
  return { group, member };
}

/** The owner and admins may recall anyone's message in the group. */
export const mayModerate = (member: MucMember): boolean => member.role === 'owner' || member.role === 'admin';
