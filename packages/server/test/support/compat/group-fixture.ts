// Real groups for one subject of the conformance matrix, made over the REST API before the SDK logs in: a
// main group `me` owns, groups of their own for methods that end or hand over a group or answer a request,
// and users of their own already in the state a method undoes (an admin for removeAdmin, muted for
// removeMute…), so every group call is plausible, runs in any order, and its effect is visible.
import type { TestServer } from '@confab/server/testing';
import { adminToken, call } from '../accounts.js';
import { login } from '../rest.js';
import type { GroupFixture } from './matrix-types.js';

/** State a per-method user of the main group starts in. */
type UserState = 'member' | 'admin' | 'muted' | 'blocked' | 'allowed' | 'outsider';

const MAIN_GROUP_USERS: Record<string, UserState> = {
  setAdmin: 'member',
  setGroupAdmin: 'member',
  removeAdmin: 'admin',
  removeGroupAdmin: 'admin',
  removeSingleGroupMember: 'member',
  removeGroupMember: 'member',
  removeMultiGroupMember: 'member',
  'removeMultiGroupMember#2': 'member',
  removeGroupMembers: 'member',
  'removeGroupMembers#2': 'member',
  mute: 'member',
  muteGroupMember: 'member',
  removeMute: 'muted',
  unmuteGroupMember: 'muted',
  groupBlockSingle: 'member',
  blockGroupMember: 'member',
  groupBlockMulti: 'member',
  'groupBlockMulti#2': 'member',
  blockGroupMembers: 'member',
  'blockGroupMembers#2': 'member',
  removeGroupBlockSingle: 'blocked',
  unblockGroupMember: 'blocked',
  removeGroupBlockMulti: 'blocked',
  'removeGroupBlockMulti#2': 'blocked',
  unblockGroupMembers: 'blocked',
  'unblockGroupMembers#2': 'blocked',
  addUsersToGroupWhitelist: 'member',
  addUsersToGroupAllowlist: 'member',
  rmUsersFromGroupWhitelist: 'allowed',
  removeGroupWhitelistMember: 'allowed',
  removeGroupAllowlistMember: 'allowed',
  inviteToGroup: 'outsider',
  inviteUsersToGroup: 'outsider',
};

/** Methods answering a join request: one approval group, one applicant each. */
const APPLICANT_METHODS = [
  'agreeJoinGroup',
  'acceptGroupJoinRequest',
  'rejectJoinGroup',
  'rejectGroupJoinRequest',
];

/** Groups of their own, by who owns them and what `me` is there. */
const OWN_GROUPS: Record<string, 'mine' | 'mine-banned' | 'member' | 'member-shielded' | 'open' | 'invited'> =
  {
    destroyGroup: 'mine',
    dissolveGroup: 'mine',
    changeOwner: 'mine',
    changeGroupOwner: 'mine',
    disableSendGroupMsg: 'mine',
    enableSendGroupMsg: 'mine-banned',
    quitGroup: 'member',
    leaveGroup: 'member',
    blockGroup: 'member',
    blockGroupMessages: 'member',
    blockGroupMessage: 'member',
    unblockGroupMessage: 'member-shielded',
    joinGroup: 'open',
    agreeInviteIntoGroup: 'invited',
    acceptGroupInvite: 'invited',
    rejectInviteIntoGroup: 'invited',
    rejectGroupInvite: 'invited',
  };

interface People {
  me: string;
  peer: string;
  other: string;
  password: string;
}

export async function makeGroupFixture(env: TestServer, tag: string, p: People): Promise<GroupFixture> {
  const base = `${env.apiUrl}/${env.org}/${env.app}/chatgroups`;
  const admin = await adminToken(env, env.clientId, env.clientSecret);
  const meToken = await login(env, p.me, p.password);
  const peerToken = await login(env, p.peer, p.password);
  const rest = async (method: string, path: string, token: string, body?: unknown) => {
    const r = await call(method, `${base}${path}`, token, body);
    if (r.status !== 200)
      throw new Error(`group fixture ${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as { data?: { groupid?: string } };
  };
  const create = async (owner: string, members: string[], settings: Record<string, unknown> = {}) => {
    const body = await rest('POST', '', admin, {
      groupname: `compat ${tag}`,
      description: 'the matrix',
      public: true,
      membersonly: false,
      allowinvites: true,
      invite_need_confirm: false,
      maxusers: 200,
      owner,
      members,
      ...settings,
    });
    const id = body.data?.groupid;
    if (!id) throw new Error('group fixture: no groupid');
    return id;
  };
  const newUser = async (key: string) => {
    // With the app token: open registrations are throttled per address.
    const name = `c-${tag}-${key.replace('#', '-')}`.toLowerCase();
    const r = await call('POST', `${env.apiUrl}/${env.org}/${env.app}/users`, admin, {
      username: name,
      password: p.password,
    });
    if (r.status !== 200) throw new Error(`group fixture: register ${name}: ${r.status}`);
    return name;
  };

  const user: Record<string, string> = {};
  for (const method of [...Object.keys(MAIN_GROUP_USERS), ...APPLICANT_METHODS])
    user[method] = await newUser(method);
  const inMain = Object.keys(MAIN_GROUP_USERS)
    .filter((m) => MAIN_GROUP_USERS[m] !== 'outsider')
    .map((m) => user[m]!);
  const main = await create(p.me, [p.peer, p.other, ...inMain]);
  const usersIn = (state: UserState) =>
    Object.keys(MAIN_GROUP_USERS)
      .filter((m) => MAIN_GROUP_USERS[m] === state)
      .map((m) => user[m]!);
  for (const u of usersIn('admin')) await rest('POST', `/${main}/admin`, meToken, { newadmin: u });
  await rest('POST', `/${main}/mute`, meToken, { usernames: usersIn('muted'), mute_duration: 3_600_000 });
  await rest('POST', `/${main}/blocks/users`, meToken, { usernames: usersIn('blocked') });
  // `me` too: a member asks the isIn…Allowlist methods about themselves.
  await rest('POST', `/${main}/white/users`, meToken, { usernames: [...usersIn('allowed'), p.me] });
  const attributes = `${env.apiUrl}/${env.org}/${env.app}/sdk/metadata/chatgroup/${main}/user/${p.me}`;
  const set = await call('PUT', attributes, meToken, { metaData: { nick: 'compat' } });
  if (set.status !== 200) throw new Error(`group fixture: member attributes ${set.status}`);
  await rest('POST', `/${main}/announcement`, meToken, { announcement: 'read me' });
  const download = await shareFile(`${base}/${main}/share_files`, meToken, 'download-me.txt');
  const remove = await shareFile(`${base}/${main}/share_files`, meToken, 'delete-me.txt');

  const requests = await create(p.me, [p.peer], { membersonly: true, approval: true });
  for (const m of APPLICANT_METHODS)
    await rest('POST', `/${requests}/apply`, await login(env, user[m]!, p.password), {
      message: 'let me in',
    });

  const own: Record<string, string> = {};
  for (const [method, kind] of Object.entries(OWN_GROUPS)) {
    switch (kind) {
      case 'mine':
      case 'mine-banned':
        own[method] = await create(p.me, [p.peer, p.other]);
        if (kind === 'mine-banned') await rest('POST', `/${own[method]}/ban`, meToken);
        break;
      case 'member':
      case 'member-shielded':
        own[method] = await create(p.peer, [p.me, p.other]);
        if (kind === 'member-shielded') await rest('POST', `/${own[method]}/shield`, meToken);
        break;
      case 'open':
        own[method] = await create(p.peer, [p.other]);
        break;
      case 'invited':
        own[method] = await create(p.peer, [p.other], { invite_need_confirm: true });
        await rest('POST', `/${own[method]}/invite`, peerToken, { usernames: [p.me] });
        break;
    }
  }
  for (const m of APPLICANT_METHODS) own[m] = requests;
  return { main, own, user, files: { download, remove }, messageId: '', recallId: '' };
}

/** Uploads a shared file to a group as its owner; returns its file id. */
async function shareFile(url: string, token: string, filename: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([`compat ${filename}`]), filename);
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await res.json()) as { data?: { file_id?: string } };
  const id = body.data?.file_id;
  if (res.status !== 200 || !id)
    throw new Error(`group fixture: share file ${res.status} ${JSON.stringify(body)}`);
  return id;
}
