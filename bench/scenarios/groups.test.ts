// The group rows' Confab client against a real server: the group the bench creates, its devices'
// login drain, GROUPCHAT sends over msync and what the recorder counts. A stream from two senders must
// reach every other member once and in order, never the sending device, and the group events the
// members also drain (directJoined) must not count as deliveries.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { confabUsers, type BenchApp } from '../lib/confab-app.js';
import { waitFor } from '../lib/drive.js';
import { MsyncDevice } from '../lib/msync-device.js';
import { createGroup } from './groups.js';

const MEMBERS = 6;
const PER_SENDER = 40;
let env: TestServer;
const devices: MsyncDevice[] = [];

before(async () => {
  env = await startTestServer({ limits: { sendRatePerSecond: 1_000_000, sendBurst: 1_000_000 } });
});
after(async () => {
  for (const d of devices) d.close();
  await env.close();
});

async function benchApp(): Promise<BenchApp> {
  const base = `${env.apiUrl}/${env.org}/${env.app}`;
  const res = await fetch(`${base}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: env.clientId,
      client_secret: env.clientSecret,
    }),
  });
  const body = (await res.json()) as { access_token: string };
  return { appKey: env.appKey, base, adminToken: body.access_token };
}

test(`a group of ${MEMBERS}: two senders' streams reach every other member once, in order`, async () => {
  const app = await benchApp();
  const names = Array.from({ length: MEMBERS }, (_, i) => `gb${i}`);
  const tokens = await confabUsers(app, names);
  const groupId = await createGroup(app, names, 'bench test');
  const got = names.map(() => [] as string[]);
  for (const [i, u] of names.entries())
    devices.push(
      await MsyncDevice.login(env.wsUrl, env.appKey, u, tokens.get(u)!, {
        resource: 'g',
        unread: true,
        onText: (t) => void got[i]!.push(t),
      }),
    );
  assert.ok(
    await waitFor(() => devices.every((d) => d.settled), 10_000),
    'every device drains its login backlog (its directJoined event)',
  );
  assert.deepEqual(
    got.map((g) => g.length),
    names.map(() => 0),
    'group events are not counted as messages',
  );

  for (let k = 0; k < PER_SENDER; k++) {
    devices[0]!.sendGroupText(groupId, `a${k}`);
    devices[1]!.sendGroupText(groupId, `b${k}`);
    if (k % 10 === 0) await new Promise((r) => setTimeout(r, 2));
  }
  const stream = (s: string) => Array.from({ length: PER_SENDER }, (_, k) => `${s}${k}`);
  const expected = (i: number) => (i === 0 ? PER_SENDER : i === 1 ? PER_SENDER : 2 * PER_SENDER);
  await waitFor(() => got.every((g, i) => g.length >= expected(i)), 20_000, 20);
  await new Promise((r) => setTimeout(r, 300)); // a second delivery would show up meanwhile
  for (const [i, g] of got.entries()) {
    assert.equal(g.length, expected(i), `${names[i]}: each message of the others once`);
    if (i !== 0)
      assert.deepEqual(
        g.filter((t) => t.startsWith('a')),
        stream('a'),
        `${names[i]}: a in order`,
      );
    if (i !== 1)
      assert.deepEqual(
        g.filter((t) => t.startsWith('b')),
        stream('b'),
        `${names[i]}: b in order`,
      );
  }
});
