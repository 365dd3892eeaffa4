// Groups for messaging tests, made in the server's store (the group routes are tested on their own) and
// announced on the bus as the group use cases do, so the nodes' member indexes follow.
import type { TestServer } from '@confab/server/testing';
import { publishMembershipChanged } from '../../src/domain/messages/group-fanout.js';
import type { MucPatch, MucRole } from '../../src/domain/ports/mucs.js';
import type { RunningServer } from '../../src/server.js';

let next = 0;

export interface GroupOptions {
  /** The app (of org confab); the test server's demo app by default. */
  app?: string;
  admins?: string[];
  allMuted?: boolean;
  maxUsers?: number;
}

type Node = Pick<RunningServer, 'ctx'>;
const nodeOf = (env: TestServer | Node): Node => ('server' in env ? env.server : env);

async function appIdOf(node: Node, org = 'confab', app = 'demo'): Promise<number> {
  const found = await node.ctx.findApp(org, app);
  if (!found) throw new Error(`no app ${org}#${app}`);
  return found.id;
}

/** Creates a group owned by `owner` with `members`; returns its id. */
export async function makeGroup(
  env: TestServer | Node,
  owner: string,
  members: readonly string[],
  o: GroupOptions = {},
): Promise<string> {
  const node = nodeOf(env);
  const appId = await appIdOf(node, 'confab', o.app ?? 'demo');
  const id = `${Date.now()}${String(++next).padStart(4, '0')}`;
  const now = Date.now();
  const role = (u: string): MucRole => (o.admins?.includes(u) ? 'admin' : 'member');
  const made = await node.ctx.storage.mucs.create(
    {
      appId,
      kind: 'group',
      id,
      name: `group ${id}`,
      description: '',
      avatar: '',
      owner,
      public: true,
      approval: false,
      allowInvites: false,
      inviteNeedConfirm: false,
      maxUsers: o.maxUsers ?? 3000,
      custom: '',
      announcement: '',
      allMuted: o.allMuted ?? false,
      disabled: false,
      createdAt: now,
    },
    [
      { username: owner, role: 'owner', joinedAt: now },
      ...members.map((u) => ({ username: u, role: role(u), joinedAt: now })),
    ],
  );
  if (!made) throw new Error(`group id ${id} taken`);
  return id;
}

const warn = (err: unknown) => {
  throw err;
};

export async function addMembers(env: TestServer | Node, groupId: string, users: string[]): Promise<void> {
  const node = nodeOf(env);
  const appId = await appIdOf(node);
  const r = await node.ctx.storage.mucs.addMembers(appId, groupId, users, Date.now());
  if (!r.ok) throw new Error(`add members: ${r.reason}`);
  await publishMembershipChanged(node.ctx.bus, { appId, groupId, added: r.added }, warn);
}

export async function removeMembers(env: TestServer | Node, groupId: string, users: string[]): Promise<void> {
  const node = nodeOf(env);
  const appId = await appIdOf(node);
  const removed = await node.ctx.storage.mucs.removeMembers(appId, groupId, users);
  await publishMembershipChanged(node.ctx.bus, { appId, groupId, removed }, warn);
}

export async function patchGroup(env: TestServer | Node, groupId: string, patch: MucPatch): Promise<void> {
  const node = nodeOf(env);
  await node.ctx.storage.mucs.update(await appIdOf(node), groupId, patch, Date.now());
}

/** Puts users on one of the group's lists (mute until `expiresAt`, allow, block). */
export async function listUsers(
  env: TestServer | Node,
  groupId: string,
  list: 'mute' | 'allow' | 'block',
  users: string[],
  expiresAt = -1,
): Promise<void> {
  const node = nodeOf(env);
  const appId = await appIdOf(node);
  await node.ctx.storage.mucLists.add(
    appId,
    groupId,
    list,
    users.map((username) => ({ username, expiresAt })),
    Date.now(),
  );
}

export async function destroyGroup(env: TestServer | Node, groupId: string): Promise<void> {
  const node = nodeOf(env);
  const appId = await appIdOf(node);
  await node.ctx.storage.mucs.destroy(appId, groupId);
  await publishMembershipChanged(node.ctx.bus, { appId, groupId, destroyed: true }, warn);
}
