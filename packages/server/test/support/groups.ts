// Groups for tests of what acts on existing groups: made straight in the store (owner, admins, members),
// the way the create use case would leave them, so these tests do not depend on the create routes.
import type { TestServer } from '@confab/server/testing';
import type { MucMember } from '../../src/domain/ports/mucs.js';

let next = 0;

export async function appIdOf(env: TestServer): Promise<number> {
  const app = await env.server.ctx.findApp(env.org, env.app);
  if (!app) throw new Error('test app missing');
  return app.id;
}

export interface GroupSpec {
  owner: string;
  admins?: string[];
  members?: string[];
  allMuted?: boolean;
}

/** Creates a group and returns its id. */
export async function makeGroup(env: TestServer, spec: GroupSpec): Promise<string> {
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
      kind: 'group',
      id,
      name: `group ${id}`,
      description: '',
      avatar: '',
      owner: spec.owner,
      public: true,
      approval: false,
      allowInvites: false,
      inviteNeedConfirm: false,
      maxUsers: 200,
      custom: '',
      announcement: '',
      allMuted: spec.allMuted ?? false,
      disabled: false,
      createdAt: now,
    },
    members,
  );
  if (!made) throw new Error(`group id ${id} taken`);
  return id;
}
