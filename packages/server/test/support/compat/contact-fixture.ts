// Contacts and a blocklist for one subject of the conformance matrix, made over the REST API before the SDK
// logs in: users of their own for each method in the state it acts on (a pending request to `me` for
// accept/decline, a contact for delete and remark, a blocked user for the removals) and a contact and a
// blocked user that stay, so the lists have entries whatever runs first.
import type { TestServer } from '@confab/server/testing';
import { adminToken, call } from '../accounts.js';
import { login } from '../rest.js';
import type { ContactFixture } from './matrix-types.js';

type UserState = 'requester' | 'contact' | 'blocked' | 'stranger';

const CONTACT_USERS: Record<string, UserState> = {
  acceptInvitation: 'requester',
  acceptContactInvite: 'requester',
  declineInvitation: 'requester',
  declineContactInvite: 'requester',
  deleteContact: 'contact',
  setContactRemark: 'contact',
  addContact: 'stranger',
  addToBlackList: 'stranger',
  addUsersToBlacklist: 'stranger',
  addUsersToBlocklist: 'stranger',
  removeFromBlackList: 'blocked',
  removeUserFromBlackList: 'blocked',
  removeUserFromBlocklist: 'blocked',
  keepContact: 'contact',
  keepBlocked: 'blocked',
};

export async function makeContactFixture(
  env: TestServer,
  tag: string,
  p: { me: string; password: string },
): Promise<ContactFixture> {
  const base = `${env.apiUrl}/${env.org}/${env.app}`;
  const admin = await adminToken(env, env.clientId, env.clientSecret);
  const rest = async (method: string, path: string, token: string, body?: unknown) => {
    const r = await call(method, `${base}${path}`, token, body);
    if (r.status !== 200)
      throw new Error(`contact fixture ${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const user: Record<string, string> = {};
  for (const [method, state] of Object.entries(CONTACT_USERS)) {
    const name = `k-${tag}-${method}`.toLowerCase();
    await rest('POST', '/users', admin, { username: name, password: p.password });
    user[method] = name;
    if (state === 'requester')
      await rest('POST', `/users/${name}/contacts/apply`, await login(env, name, p.password), {
        usernames: [p.me],
        reason: 'compat',
      });
    if (state === 'contact') await rest('POST', `/users/${p.me}/contacts/users/${name}`, admin);
    if (state === 'blocked') await rest('POST', `/users/${p.me}/blocks/users`, admin, { usernames: [name] });
  }
  return { user };
}
