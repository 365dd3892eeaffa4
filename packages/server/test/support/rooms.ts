// Chat rooms for tests of the live side (join, leave, messages, events, attributes), made the way an app
// does: the app server's REST calls (create with owner and members, admins, mute all).
import type { TestServer } from '@confab/server/testing';
import { adminToken, appCall } from './accounts.js';

export interface RoomSpec {
  owner: string;
  admins?: string[];
  members?: string[];
  maxUsers?: number;
  allMuted?: boolean;
}

/** The app server's token of each test server, fetched once. */
const tokens = new WeakMap<TestServer, Promise<string>>();

async function asAppServer(env: TestServer, method: string, path: string, body?: unknown): Promise<any> {
  let token = tokens.get(env);
  if (!token) tokens.set(env, (token = adminToken(env, env.clientId, env.clientSecret)));
  const r = await appCall(env, method, path, await token, body);
  if (r.status !== 200) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Creates a chat room and returns its id. */
export async function makeRoom(env: TestServer, spec: RoomSpec): Promise<string> {
  const created = await asAppServer(env, 'POST', '/chatrooms', {
    name: 'room',
    owner: spec.owner,
    members: [...(spec.admins ?? []), ...(spec.members ?? [])],
    ...(spec.maxUsers === undefined ? {} : { maxusers: spec.maxUsers }),
  });
  const id = String(created.data.id);
  for (const newadmin of spec.admins ?? [])
    await asAppServer(env, 'POST', `/chatrooms/${id}/admin`, { newadmin });
  if (spec.allMuted) await asAppServer(env, 'POST', `/chatrooms/${id}/ban`);
  return id;
}
