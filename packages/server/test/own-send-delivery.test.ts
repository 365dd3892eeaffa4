// A device's own message is the next entry of its own queue of the conversation (sendMessage says which
// queue: `ownQueue`), so the device stays "up to date" there and the peer's answer is pushed, not NOTICEd.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { StatusCode } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { RawClient } from './support/raw-client.js';
import { login, register } from './support/rest.js';

let env: TestServer;
const open: RawClient[] = [];
const tokens: Record<string, string> = {};
const connect = async (user: string, resource: string) => {
  const { client, answer } = await RawClient.login(env.wsUrl, env.appKey, user, tokens[user]!, resource);
  assert.equal(answer.status?.errorCode, StatusCode.OK);
  open.push(client);
  return client;
};

before(async () => {
  env = await startTestServer();
  for (const u of ['alice', 'bob']) {
    await register(env, u);
    tokens[u] = await login(env, u);
  }
});
after(async () => {
  await Promise.all(open.map((c) => c.close()));
  await env.close();
});

test("after the device's own sends, the peer's answer is pushed to it", async () => {
  const alice = await connect('alice', 'a1');
  const bob = await connect('bob', 'b1');
  await bob.sendText('alice', 'hello');
  assert.deepEqual((await alice.drain('bob')).texts, ['hello']); // alice's position in `bob` is known
  await alice.sendText('bob', 'one');
  await alice.sendText('bob', 'two');
  alice.inbox.length = 0;
  await bob.sendText('alice', 'answer');
  const got = await alice.receive('bob');
  assert.equal(got.pushed, true, 'pushed: her own two messages did not make her position unknown');
  assert.deepEqual(got.texts, ['answer']);
});
