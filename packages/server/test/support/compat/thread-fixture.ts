// Chat threads for one subject of the conformance matrix, made once the subject's SDK is logged in: a
// group message of the main group with no thread yet (createChatThread), and a thread of its own for every
// other thread method, made over the app-server API on a group message the subject sent (`me` owns the
// main group, so destroy and removal are allowed): one `me` has not joined (join), the others with `me`
// in them, and `other` in the thread `removeChatThreadMember` removes.
import type { TestServer } from '@confab/server/testing';
import { adminToken, call } from '../accounts.js';
import type { Fixture, ThreadFixture } from './matrix-types.js';

const THREAD_METHODS = [
  'joinChatThread',
  'leaveChatThread',
  'destroyChatThread',
  'changeChatThreadName',
  'getChatThreadMembers',
  'removeChatThreadMember',
  'getChatThreadLastMessage',
  'getChatThreadDetail',
] as const;

export function makeThreadFixture(env: TestServer): ThreadFixture {
  const fixture: ThreadFixture = {
    freeMessage: '',
    id: {},
    async seed(f: Fixture, send: (to: string, msg: string) => Promise<string>) {
      const base = `${env.apiUrl}/${env.org}/${env.app}`;
      const admin = await adminToken(env, env.clientId, env.clientSecret);
      const rest = async (method: string, path: string, body?: unknown) => {
        const r = await call(method, `${base}${path}`, admin, body);
        if (r.status !== 200)
          throw new Error(`thread fixture ${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
        return r.body as { data?: { thread_id?: string } };
      };
      fixture.freeMessage = await send(f.groupId, 'compat: a message to start a thread on');
      for (const method of THREAD_METHODS) {
        const msgId = await send(f.groupId, `compat: thread of ${method}`);
        const owner = method === 'joinChatThread' ? f.peer : f.me;
        const made = await rest('POST', '/thread', {
          group_id: f.groupId,
          msg_id: msgId,
          name: method,
          owner,
        });
        const id = made.data?.thread_id ?? '';
        fixture.id[method] = id;
        if (method === 'removeChatThreadMember')
          await rest('POST', `/thread/${id}/users`, { usernames: [f.other] });
      }
      await send(fixture.id['getChatThreadLastMessage']!, 'compat: the last message of a thread');
    },
  };
  return fixture;
}
