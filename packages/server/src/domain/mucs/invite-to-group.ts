// Invitations (SDK inviteUsersToGroup, POST /chatgroups/{id}/invite) and their answers (SDK
// acceptGroupInvite / rejectGroupInvite, POST …/invite_verify). The owner and admins may invite, members
// too when the group allows it (603 otherwise); an invitee already in the group fails the call (601).
// With invite_need_confirm the invitee is asked (INVITE) and joins on accepting; without it they are in
// at once (DIRECT_JOINED). The inviter hears the answer (INVITE_ACCEPT / INVITE_DECLINE).
import { MucOperation } from '@confab/protocol';
import { admitMembers } from './admit-members.js';
import { refuseBlocked } from './block-list.js';
import {
  alreadyJoined,
  badParameter,
  bulk,
  checkJoinedLimit,
  checkLength,
  type GroupDeps,
  requireUsers,
  tell,
} from './group-deps.js';
import { accessMuc, actorName, loadMuc, type MucActor, permissionDenied, userActor } from './muc-access.js';

export interface InviteResult {
  user: string;
  /** true: invited (or added); always true once the call succeeds. */
  result: boolean;
  /** 'invited' (waits for the answer) or 'joined' (added at once). */
  outcome: 'invited' | 'joined';
}

export async function inviteToGroup(
  deps: GroupDeps,
  appId: number,
  actor: MucActor,
  id: string,
  usernames: readonly string[],
  reason = '',
): Promise<InviteResult[]> {
  const { muc, member } = await accessMuc(deps, appId, id, actor, 'member');
  if (member?.role === 'member' && !muc.allowInvites)
    throw permissionDenied('only the owner and admins may invite to this group');
  checkLength('reason', reason, deps.limits.groupReasonMaxChars);
  const invitees = bulk(deps, usernames);
  await requireUsers(deps, appId, invitees);
  await refuseBlocked(deps.lists, appId, id, invitees, deps.clock.now());
  for (const u of invitees) if (await deps.mucs.member(appId, id, u)) throw alreadyJoined(u);
  await checkJoinedLimit(deps, appId, invitees);
  if (!muc.inviteNeedConfirm) {
    await admitMembers(deps, muc, actor, invitees, true);
    return invitees.map((user) => ({ user, result: true, outcome: 'joined' }));
  }
  const inviter = actorName(actor, muc);
  for (const username of invitees) {
    await deps.mucs.saveRequest(appId, id, {
      type: 'invite',
      username,
      inviter,
      reason,
      createdAt: deps.clock.now(),
    });
    await tell(
      deps,
      muc,
      actor,
      MucOperation.INVITE,
      { users: [username] },
      {
        mucName: muc.name,
        targets: [username],
        reason,
      },
    );
  }
  return invitees.map((user) => ({ user, result: true, outcome: 'invited' }));
}

/** The invitee answers their own invitation; `invitee` must be the caller (603 otherwise). */
export async function answerInvitation(
  deps: GroupDeps,
  appId: number,
  username: string,
  resource: string | undefined,
  id: string,
  invitee: string,
  accept: boolean,
): Promise<void> {
  if (invitee !== username) throw permissionDenied('only the invitee may answer an invitation');
  const actor = userActor(username, resource);
  const muc = await loadMuc(deps, appId, id);
  const request = await deps.mucs.findRequest(appId, id, 'invite', username);
  if (!request) throw badParameter(`${username} has no pending invitation to group ${id}`);
  if (accept) {
    if (await deps.mucs.member(appId, id, username)) {
      await deps.mucs.deleteRequest(appId, id, 'invite', username);
      throw alreadyJoined(username);
    }
    await checkJoinedLimit(deps, appId, [username]);
    await admitMembers(deps, muc, actor, [username], false);
  }
  await deps.mucs.deleteRequest(appId, id, 'invite', username);
  if (request.inviter)
    await tell(
      deps,
      muc,
      actor,
      accept ? MucOperation.INVITE_ACCEPT : MucOperation.INVITE_DECLINE,
      { users: [request.inviter] },
      { targets: [request.inviter] },
    );
}
