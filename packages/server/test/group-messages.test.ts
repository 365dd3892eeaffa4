// Group messages with our SDK and the unmodified official SDK (jsdom) against a real server: every kind
// with chatType 'groupChat' to every member device online (push) and offline (at login, in order, once),
// the sender's other devices too but not the sending one; the send checks' codes (605, 602, 507, 608,
// 603); recall (sender within the window, owner/admins any message) and edit in groups; deliverOnlineOnly;
// group read receipts (groupReadCount, getGroupMsgReadUser); history and the conversation list.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { testClients } from './support/test-clients.js';
import { register } from './support/rest.js';
import { addMembers, makeGroup, removeMembers } from './support/groups.js';

const EXT = { s: 'str', i: 42, b: true, o: { nested: [1, 'two'] }, em_at_list: ['bob', 'carol'] };
const FILE_BODY = {
  url: 'http://files.example/confab/demo/chatfiles/abc-123',
  filename: 'report.pdf',
  secret: 'sekret',
  file_length: 2048,
  length: 7,
  size: { width: 320, height: 200 },
};

describe('group messages with both SDKs', () => {
  let env: TestServer;
  const clients = testClients(() => env);
  const { our } = clients;
  const official = (deviceId?: string) =>
    createOfficialClient({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl, ...(deviceId ? { deviceId } : {}) });
  const groupText = (to: string, msg: string, extra: Record<string, unknown> = {}) =>
    OurSdk.message.create({ type: 'txt', chatType: 'groupChat', to, msg, ...extra } as never);

  before(async () => {
    env = await startTestServer();
    for (const u of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina']) await register(env, u, 'pw');
  });
  after(async () => {
    clients.closeOurs();
    await closeAllOfficialClients();
    await env.close();
  });

  test('ours: a member’s message reaches every member device and the sender’s other device, not the sending one', async () => {
    const g = await makeGroup(env, 'alice', ['bob', 'carol']);
    const alice = await our('alice');
    const alice2 = await our('alice');
    const bob = await our('bob');
    const carol = await our('carol');
    const dave = await our('dave'); // not a member
    const sent = await alice.conn.send(groupText(g, 'hello group', { ext: EXT }));
    for (const c of [bob, carol, alice2]) {
      const got = await c.next('onTextMessage', (m: any) => m.id === sent.serverMsgId);
      assert.deepEqual(
        [got.from, got.to, got.chatType, got.msg],
        ['alice', g, 'groupChat', 'hello group'],
      );
      assert.deepEqual(got.ext, EXT, '@ mentions in ext pass through');
    }
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(alice.all('onTextMessage').length, 0, 'the sending device does not get its own message');
    assert.equal(dave.all('onTextMessage').length, 0);
  });
});
