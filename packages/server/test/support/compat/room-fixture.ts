// Real chat rooms for one subject of the conformance matrix, made over the REST API before the SDK logs
// in: a main room `me` owns (with an announcement and a shared file to delete), rooms of their own for
// methods that end a room, and users of their own already in the state a method undoes (an admin for
// removeChatRoomAdmin, muted for unmuteChatRoomMember…), so every room call is plausible and runs in any
// order. `me` is a super admin, so createChatRoom works with the user's own token. (Joining, leaving and
// room attributes are exercised by their own rows; this fixture only provides the room.)
import type { TestServer } from '@confab/server/testing';
import { adminToken, call } from '../accounts.js';
import { login } from '../rest.js';
import type { RoomFixture } from './matrix-types.js';

/** State a per-method user of the main room starts in. */
type UserState = 'member' | 'admin' | 'muted' | 'blocked' | 'allowed' | 'outsider';

const MAIN_ROOM_USERS: Record<string, UserState> = {
  removeSingleChatRoomMember: 'member',
  removeChatRoomMember: 'member',
  removeMultiChatRoomMember: 'member',
  'removeMultiChatRoomMember#2': 'member',
  removeChatRoomMembers: 'member',
  'removeChatRoomMembers#2': 'member',
  addUsersToChatRoom: 'outsider',
  setChatRoomAdmin: 'member',
  removeChatRoomAdmin: 'admin',
  muteChatRoomMember: 'member',
  removeMuteChatRoomMember: 'muted',
  unmuteChatRoomMember: 'muted',
  chatRoomBlockSingle: 'member',
  blockChatRoomMember: 'member',
  chatRoomBlockMulti: 'member',
  blockChatRoomMembers: 'member',
  removeChatRoomBlockSingle: 'blocked',
  unblockChatRoomMember: 'blocked',
  removeChatRoomBlockMulti: 'blocked',
  unblockChatRoomMembers: 'blocked',
  addUsersToChatRoomWhitelist: 'member',
  addUsersToChatRoomAllowlist: 'member',
  rmUsersFromChatRoomWhitelist: 'allowed',
  removeChatRoomWhitelistMember: 'allowed',
  removeChatRoomAllowlistMember: 'allowed',
};

/** Rooms of their own: `me` owns them. */
const OWN_ROOMS = ['destroyChatRoom'];

interface People {
  me: string;
  peer: string;
  other: string;
  password: string;
}

export async function makeRoomFixture(env: TestServer, tag: string, p: People): Promise<RoomFixture> {
  const app = `${env.apiUrl}/${env.org}/${env.app}`;
  const base = `${app}/chatrooms`;
  const admin = await adminToken(env, env.clientId, env.clientSecret);
  const meToken = await login(env, p.me, p.password);
  const rest = async (method: string, path: string, token: string, body?: unknown) => {
    const r = await call(method, `${base}${path}`, token, body);
    if (r.status !== 200)
      throw new Error(`room fixture ${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as { data?: { id?: string; file_id?: string } };
  };
  const create = async (members: string[]) => {
    const body = await rest('POST', '', admin, {
      name: `compat room ${tag}`,
      description: 'the matrix',
      maxusers: 200,
      owner: p.me,
      members,
    });
    const id = body.data?.id;
    if (!id) throw new Error('room fixture: no id');
    return id;
  };
  const newUser = async (key: string) => {
    const name = `r-${tag}-${key.replace('#', '-')}`.toLowerCase();
    const r = await call('POST', `${app}/users`, admin, { username: name, password: p.password });
    if (r.status !== 200) throw new Error(`room fixture: register ${name}: ${r.status}`);
    return name;
  };

  await rest('POST', '/super_admin', admin, { superadmin: p.me });
  const user: Record<string, string> = {};
  for (const method of Object.keys(MAIN_ROOM_USERS)) user[method] = await newUser(method);
  const usersIn = (state: UserState) =>
    Object.keys(MAIN_ROOM_USERS)
      .filter((m) => MAIN_ROOM_USERS[m] === state)
      .map((m) => user[m]!);
  const inMain = Object.keys(MAIN_ROOM_USERS)
    .filter((m) => MAIN_ROOM_USERS[m] !== 'outsider')
    .map((m) => user[m]!);
  const main = await create([p.peer, p.other, ...inMain]);
  for (const u of usersIn('admin')) await rest('POST', `/${main}/admin`, meToken, { newadmin: u });
  await rest('POST', `/${main}/mute`, meToken, { usernames: usersIn('muted'), mute_duration: 3_600_000 });
  await rest('POST', `/${main}/blocks/users`, meToken, { usernames: usersIn('blocked') });
  // `me` too: a member asks the isIn…Allowlist methods about themselves.
  await rest('POST', `/${main}/white/users`, meToken, { usernames: [...usersIn('allowed'), p.me] });
  await rest('POST', `/${main}/announcement`, meToken, { announcement: 'read me' });
  // One file stays (the file lists show it), one is deleted.
  await shareFile(`${base}/${main}/share_files`, meToken, 'keep-me.txt');
  const remove = await shareFile(`${base}/${main}/share_files`, meToken, 'delete-me.txt');

  const own: Record<string, string> = {};
  for (const method of OWN_ROOMS) own[method] = await create([p.peer]);
  return { main, own, user, files: { remove } };
}

/** Uploads a shared file to a room as its owner; returns its file id. */
async function shareFile(url: string, token: string, filename: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([`compat ${filename}`]), filename);
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await res.json()) as { data?: { file_id?: string } };
  const id = body.data?.file_id;
  if (res.status !== 200 || !id)
    throw new Error(`room fixture: share file ${res.status} ${JSON.stringify(body)}`);
  return id;
}
