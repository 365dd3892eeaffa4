// Creating a group (SDK createGroup/createGroupVNext, app server POST /chatgroups): Agora's field limits,
// `maxusers` counting the owner, the per-user and per-app group limits. The owner becomes its first
// member. Members named at creation are invited when the group wants invitations confirmed and a user
// creates it; otherwise (or when the app server creates it) they join directly.
import { ConfabError, ErrorCode, MucOperation } from '@confab/protocol';
import type { MucMember, MucRecord } from '../ports/mucs.js';
import {
  badParameter,
  checkJoinedLimit,
  checkLength,
  type GroupDeps,
  overLimit,
  requireUsers,
  tell,
} from './group-deps.js';
import { newGroupId } from './group-ids.js';
import type { MucActor } from './muc-access.js';

export interface NewGroupInput {
  /** The app server names the owner; a user creating a group is its owner. */
  owner?: string | undefined;
  name?: string | undefined;
  description?: string | undefined;
  avatar?: string | undefined;
  custom?: string | undefined;
  members?: readonly string[] | undefined;
  public?: boolean | undefined;
  approval?: boolean | undefined;
  allowInvites?: boolean | undefined;
  /** Agora's default: true. */
  inviteNeedConfirm?: boolean | undefined;
  maxUsers?: number | undefined;
}

/** Draws another id this many times when one is taken (15 random digits: practically never). */
const ID_ATTEMPTS = 5;

export const membersOverMax = (message: string) => new ConfabError(ErrorCode.GROUP_MEMBERS_LIMIT, message);

/** A `maxusers` value: an integer of at least 2 (the owner and one more), at most groupMaxUsers (607). */
export function checkMaxUsers(deps: GroupDeps, maxUsers: number): number {
  if (!Number.isInteger(maxUsers) || maxUsers < 2) throw badParameter('maxusers must be an integer ≥ 2');
  if (maxUsers > deps.limits.groupMaxUsers)
    throw membersOverMax(
      `members size is greater than max user size ! (at most ${deps.limits.groupMaxUsers})`,
    );
  return maxUsers;
}

/** The text fields of a group, checked against Agora's limits; undefined stays undefined. */
export function checkGroupFields(
  deps: GroupDeps,
  f: Pick<NewGroupInput, 'name' | 'description' | 'avatar' | 'custom'>,
) {
  const l = deps.limits;
  return {
    name: f.name === undefined ? undefined : checkLength('groupname', f.name, l.groupNameMaxChars),
    description:
      f.description === undefined
        ? undefined
        : checkLength('description', f.description, l.groupDescriptionMaxChars),
    avatar: f.avatar === undefined ? undefined : checkLength('avatar', f.avatar, l.groupAvatarMaxChars),
    custom: f.custom === undefined ? undefined : checkLength('custom', f.custom, l.groupCustomMaxChars),
  };
}

export async function createGroup(
  deps: GroupDeps,
  appId: number,
  actor: MucActor,
  input: NewGroupInput,
): Promise<MucRecord> {
  const owner = actor.kind === 'user' ? actor.username : input.owner;
  if (!owner) throw badParameter('owner is required');
  const fields = checkGroupFields(deps, input);
  const maxUsers = checkMaxUsers(deps, input.maxUsers ?? deps.limits.groupDefaultMaxUsers);
  const others = [...new Set(input.members ?? [])].filter((m) => m !== owner);
  if (1 + others.length > maxUsers)
    throw membersOverMax(`members size is greater than max user size ! (${1 + others.length} > ${maxUsers})`);
  await requireUsers(deps, appId, [owner, ...others]);
  const kind = deps.kind ?? 'group';
  if ((await deps.mucs.count(appId, kind)) >= deps.limits.groupsPerApp)
    throw overLimit(`the app has ${deps.limits.groupsPerApp} ${kind}s already`);
  const inviteNeedConfirm = input.inviteNeedConfirm ?? true;
  const invite = actor.kind === 'user' && inviteNeedConfirm;
  await checkJoinedLimit(deps, appId, invite ? [owner] : [owner, ...others]);

  const now = deps.clock.now();
  const joining: MucMember[] = [
    { username: owner, role: 'owner', joinedAt: now },
    ...(invite ? [] : others.map((username) => ({ username, role: 'member' as const, joinedAt: now }))),
  ];
  let muc: MucRecord | undefined;
  for (let attempt = 0; !muc && attempt < ID_ATTEMPTS; attempt++) {
    muc = await deps.mucs.create(
      {
        appId,
        kind,
        id: newGroupId(),
        name: fields.name ?? '',
        description: fields.description ?? '',
        avatar: fields.avatar ?? '',
        owner,
        public: input.public ?? false,
        approval: input.approval ?? false,
        allowInvites: input.allowInvites ?? false,
        inviteNeedConfirm,
        maxUsers,
        custom: fields.custom ?? '',
        announcement: '',
        allMuted: false,
        disabled: false,
        createdAt: now,
      },
      joining,
    );
  }
  if (!muc) throw new Error(`no free group id after ${ID_ATTEMPTS} attempts`);

  await tell(deps, muc, actor, MucOperation.CREATE, { users: [owner] });
  // One user's events stay in order (each gets one here); users' notices go out together so the group
  // commit stores them in a few batches instead of one write after another.
  const made = muc;
  await Promise.all(
    others.map(async (username) => {
      if (invite) {
        await deps.mucs.saveRequest(appId, made.id, {
          type: 'invite',
          username,
          inviter: owner,
          reason: '',
          createdAt: now,
        });
        await tell(
          deps,
          made,
          actor,
          MucOperation.INVITE,
          { users: [username] },
          {
            mucName: made.name,
            targets: [username],
          },
        );
      } else {
        await tell(
          deps,
          made,
          actor,
          MucOperation.DIRECT_JOINED,
          { users: [username] },
          {
            mucName: made.name,
            targets: [username],
          },
        );
      }
    }),
  );
  return muc;
}
