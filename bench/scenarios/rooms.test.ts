// The room rows' Confab client against a real server: the room the bench creates with the app token, its
// devices' msync JOINs (a refusal rejects), CHATROOM sends and what the recorder counts. A stream from two
// senders must reach every other present device once and in order (another device of the sending user
// too), never the sending device; room events (memberPresence) must not count as deliveries.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import type { BenchApp } from '../lib/confab-app.js';
import { waitFor } from '../lib/drive.js';
import { MsyncDevice } from '../lib/msync-device.js';
import { createRoom, roomUsers } from './rooms.js';

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

test('a room of 6 devices of 3 users: two senders reach every other present device once, in order', async () => {
  const app = await benchApp();
  const users = await roomUsers(app, 3, 'rb');
  const roomId = await createRoom(app, users.names[0]!, 3, 'bench test');
  const got: string[][] = [];
  for (let k = 0; k < 6; k++) {
    const user = users.names[k % 3]!;
    const mine: string[] = [];
    got.push(mine);
    devices.push(
      await MsyncDevice.login(env.wsUrl, env.appKey, user, users.tokens.get(user)!, {
        resource: `r${Math.floor(k / 3)}`,
        unread: true,
        onText: (t) => void mine.push(t),
      }),
    );
  }
  await assert.rejects(devices[0]!.joinRoom('999999999'), /does not exist/, 'a refused JOIN (705) rejects');
  for (const d of devices) await d.joinRoom(roomId);
  assert.ok(await waitFor(() => devices.every((d) => d.settled), 10_000), 'every device settles');
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(
    got.map((g) => g.length),
    [0, 0, 0, 0, 0, 0],
    'room events are not counted as messages',
  );

  for (let k = 0; k < PER_SENDER; k++) {
    devices[0]!.sendRoomText(roomId, `a${k}`);
    devices[1]!.sendRoomText(roomId, `b${k}`);
    if (k % 10 === 0) await new Promise((r) => setTimeout(r, 2));
  }
  const stream = (s: string) => Array.from({ length: PER_SENDER }, (_, k) => `${s}${k}`);
  const expected = (i: number) => (i < 2 ? PER_SENDER : 2 * PER_SENDER);
  await waitFor(() => got.every((g, i) => g.length >= expected(i)), 20_000, 20);
  await new Promise((r) => setTimeout(r, 300)); // a second delivery would show up meanwhile
  for (const [i, g] of got.entries()) {
    assert.equal(g.length, expected(i), `device ${i}: each message of the others once`);
    if (i !== 0)
      assert.deepEqual(
        g.filter((t) => t.startsWith('a')),
        stream('a'),
        `device ${i}: a in order`,
      );
    if (i !== 1)
      assert.deepEqual(
        g.filter((t) => t.startsWith('b')),
        stream('b'),
        `device ${i}: b in order`,
      );
  }
});
