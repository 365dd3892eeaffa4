// Chat rooms for tests of the live side (join, leave, messages, events, attributes): made straight in the
// store (owner, admins, members), the way a create call would leave them, so these tests do not depend on
// the room REST routes. (After the REST side is merged this may create them through REST instead.)
import type { TestServer } from '@confab/server/testing';
import type { MucMember } from '../../src/domain/ports/mucs.js';
import { appIdOf } from './groups.js';

let next = 0;

export interface RoomSpec {
  owner: string;
  admins?: string[];
  members?: string[];
  maxUsers?: number;
  allMuted?: boolean;
}

/** Creates a chat room and returns its id. */
export async function makeRoom(env: TestServer, spec: RoomSpec): Promise<string> {
  const appId = await appIdOf(env);
  const id = `${Date.now()}${String(++next).padStart(4, '0')}`;
  const now = Date.now();
  const members: MucMember[] = [
    { username: spec.owner, role: 'owner', joinedAt: now },
    ...(spec.admins ?? []).map((username) => ({ username, role: 'admin' as const, joinedAt: now })),
    ...(spec.members ?? []).map((username) => ({ username, role: 'member' as const, joinedAt: now })),
  ];
  const made = await env.server.ctx.storage.mucs.create(
    {
      appId,
      kind: 'room',
      id,
      name: `room ${id}`,
      description: '',
      avatar: '',
      owner: spec.owner,
      public: true,
      approval: false,
      allowInvites: false,
      inviteNeedConfirm: false,
      maxUsers: spec.maxUsers ?? 1000,
      custom: '',
      announcement: '',
      allMuted: spec.allMuted ?? false,
      disabled: false,
      createdAt: now,
    },
    members,
  );
  if (!made) throw new Error(`room id ${id} taken`);
  return id;
}
