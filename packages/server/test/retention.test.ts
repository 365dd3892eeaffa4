// Retention (Agora's "storage days", settings.storageDays): messages older than the app's number of days
// are deleted in the background, in batches, from history and from the queues of users who never fetched
// them; newer messages and apps that keep everything are untouched. Both SDKs look at the result.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, call, createUsers, type AppTarget } from './support/accounts.js';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { recordingClient, type RecordingClient } from './support/our-client.js';

const DAY = 86_400_000;
let offset = 0;
let env: TestServer;
const ours: RecordingClient[] = [];

before(async () => {
  // Time is the system's plus an offset the test moves: messages can be sent "three days ago".
  env = await startTestServer({
    clock: { now: () => Date.now() + offset },
    limits: { retentionSweepBatch: 2, retentionSweepIntervalMs: 24 * 3_600_000 },
  });
});
after(async () => {
  for (const c of ours) c.conn.close();
  await closeAllOfficialClients();
  await env.close();
});

async function makeApp(name: string, settings: Record<string, unknown>) {
  const made = await call('POST', `${env.apiUrl}/management/apps`, env.adminToken, {
    org: 'ret',
    name,
    settings,
  });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  const t: AppTarget = { apiUrl: env.apiUrl, wsUrl: env.wsUrl, org: 'ret', app: name };
  await createUsers(t, await adminToken(t, made.body.clientId, made.body.clientSecret), ['ann', 'bob']);
  return `ret#${name}`;
}
async function our(appKey: string, user: string) {
  const c = recordingClient({ appKey, url: env.wsUrl, apiUrl: env.apiUrl });
  ours.push(c);
  await c.conn.open({ user, pwd: 'pw' });
  return c;
}
const text = (c: RecordingClient, msg: string) =>
  c.conn.send(OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg }));

test('messages older than storageDays leave history and queues; newer ones and other apps stay', async () => {
  const short = await makeApp('short', { storageDays: 1 });
  const forever = await makeApp('forever', {});
  const old = await our(short, 'ann');
  const keep = await our(forever, 'ann');
  // Logged in now (tokens are checked against the real time by the SDK); the messages are stamped
  // three days ago.
  offset = -3 * DAY;
  for (let i = 0; i < 5; i++) {
    await text(old, `old ${i}`);
    await text(keep, `kept ${i}`);
  }
  old.conn.close();
  keep.conn.close();
  offset = 0;
  const now = await our(short, 'ann');
  await text(now, 'fresh');

  const deleted = await env.server.ctx.retention.sweep();
  assert.equal(deleted, 5, 'the five old messages of the short app, in batches of 2');
  assert.equal(await env.server.ctx.retention.sweep(), 0, 'nothing left to delete');

  // bob never logged in: his queue of the short app now holds only the fresh message (official SDK).
  await using bob = createOfficialClient({ appKey: short, url: env.wsUrl, apiUrl: env.apiUrl });
  await bob.conn.open({ user: 'bob', pwd: 'pw' });
  const got = plain<any>(await bob.nextEvent('onTextMessage'));
  assert.equal(got.msg, 'fresh');
  const history = plain<any>(
    await bob.conn.getHistoryMessages({ targetId: 'ann', chatType: 'singleChat', pageSize: 50 }),
  );
  assert.deepEqual(
    history.messages.map((m: any) => m.msg),
    ['fresh'],
  );
  // The app that keeps messages forever still has all of them (our SDK).
  const bob2 = await our(forever, 'bob');
  const kept: any = await bob2.conn.getHistoryMessages({
    targetId: 'ann',
    chatType: 'singleChat',
    pageSize: 50,
  });
  assert.equal(kept.messages.length, 5);
});
