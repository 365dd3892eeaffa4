// Creating a chat room (SDK createChatRoom, app server POST /chatrooms): the app server names the owner;
// a user may create one only as a super admin (403 → SDK 603 otherwise) and owns it. The group rules of
// domain/mucs/create-group.ts apply with the room limits: the owner is the first member, the members
// named join at once (a room has no invitations), `maxusers` counts the owner.
import type { GroupDeps } from '../mucs/group-deps.js';
import { createGroup } from '../mucs/create-group.js';
import { permissionDenied, type MucActor } from '../mucs/muc-access.js';
import type { MucRecord } from '../ports/mucs.js';
import { isSuperAdmin, type SuperAdminDeps } from './super-admins.js';

export interface NewRoomInput {
  owner?: string | undefined;
  name?: string | undefined;
  description?: string | undefined;
  custom?: string | undefined;
  members?: readonly string[] | undefined;
  maxUsers?: number | undefined;
}

export async function createRoom(
  deps: GroupDeps & { kind: 'room' },
  superAdmins: Pick<SuperAdminDeps, 'superAdmins'>,
  appId: number,
  actor: MucActor,
  input: NewRoomInput,
): Promise<MucRecord> {
  if (actor.kind === 'user' && !(await isSuperAdmin(superAdmins, appId, actor.username)))
    throw permissionDenied('only super admins create chat rooms');
  return createGroup(deps, appId, actor, {
    owner: input.owner,
    name: input.name,
    description: input.description,
    custom: input.custom,
    members: input.members,
    maxUsers: input.maxUsers,
    public: true,
    approval: false,
    allowInvites: false,
    inviteNeedConfirm: false,
  });
}
