// Presence with the official SDK and with ours (REST spec §1.4 #54–58, msync §4.9): subscribe with an
// expiry answers the target's presence now; the subscriber gets onPresenceStatusChange when any device of
// the target logs in or out (per-device status 1 / 0) and when it publishes a description; getPresenceStatus
// and the paged subscription list (both method spellings); PRESENCE_PARAM_EXCEED (1100) for a description
// over 1,024 bytes; unsubscribed and expired subscribers are not told; the per-call and expiry limits.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, createUsers, sleep, SDK_KINDS } from './support/accounts.js';
import { closeAllOfficialClients, plain } from './support/official-sdk.js';
import { presenceDevice, sdkError, type PresenceDevice } from './support/presence-devices.js';

for (const kind of SDK_KINDS)
  describe(`presence with the ${kind} SDK`, () => {
    let env: TestServer;
    const opened: PresenceDevice[] = [];
    const device = async (user: string) => {
      const d = await presenceDevice(kind, env, user);
      opened.push(d);
      return d;
    };

    before(async () => {
      env = await startTestServer();
      const admin = await adminToken(env, env.clientId, env.clientSecret);
      await createUsers(env, admin, ['ann', 'bob', 'cat', 'dan']);
    });
    after(async () => {
      for (const d of opened) await d.close();
      await closeAllOfficialClients();
      await env.close();
    });

    test('subscribe, then logins, publishes and logouts of the target reach the subscriber', async () => {
      const ann = await device('ann');
      const before = Math.floor(Date.now() / 1000);
      const sub = plain<any>(await ann.conn.subscribePresence({ usernames: ['bob'], expiry: 3600 }));
      assert.equal(sub.type, 0);
      assert.equal(sub.result.length, 1);
      const [bobNow] = sub.result;
      assert.equal(bobNow.uid, 'bob');
      assert.deepEqual(bobNow.status, {}, 'bob is offline: no device');
      assert.ok(bobNow.expiry >= before + 3600 && bobNow.expiry <= before + 3602, `expiry ${bobNow.expiry}`);
      assert.deepEqual(sub.data, { result: sub.result }, 'the official SDK copies result into data');

      const bob = await device('bob');
      const online = await ann.nextPresence('bob', (p) => p.statusDetails.length > 0);
      assert.deepEqual(online.statusDetails, [{ device: bob.resource, status: 1 }]);
      assert.equal(typeof online.lastTime, 'number');
      assert.ok(online.expire >= before + 3600, 'the subscription expiry rides along');

      await bob.conn.publishPresence({ description: 'in a meeting' });
      const busy = await ann.nextPresence('bob', (p) => p.ext === 'in a meeting');
      assert.deepEqual(busy.statusDetails, [{ device: bob.resource, status: 1 }]);

      const bob2 = await device('bob');
      const two = await ann.nextPresence('bob', (p) => p.statusDetails.length === 2);
      assert.deepEqual(
        two.statusDetails.map((d: any) => d.device).sort(),
        [bob.resource, bob2.resource].sort(),
        'every device of the user, each with its status',
      );

      await bob2.close();
      const left = await ann.nextPresence('bob', (p) =>
        p.statusDetails.some((d: any) => d.device === bob2.resource && d.status === 0),
      );
      assert.deepEqual(
        left.statusDetails.find((d: any) => d.device === bob.resource),
        { device: bob.resource, status: 1 },
        'the other device stays online',
      );
      assert.equal(left.ext, 'in a meeting');
    });

    test('getPresenceStatus and the subscription list, both spellings, paged', async () => {
      const cat = await device('cat');
      const dan = await device('dan');
      await dan.conn.publishPresence({ description: 'away' });
      const status = plain<any>(await cat.conn.getPresenceStatus({ usernames: ['dan', 'nobody'] }));
      assert.equal(status.type, 0);
      const [d, nobody] = status.result;
      assert.equal(d.uid, 'dan');
      assert.equal(d.ext, 'away');
      assert.deepEqual(d.status, { [dan.resource]: '1' });
      assert.equal(d.expiry, 0, 'cat does not subscribe to dan');
      assert.deepEqual(nobody.status, {});
      assert.deepEqual(status.data, { result: status.result });

      await cat.conn.subscribePresence({ usernames: ['ann', 'bob', 'dan'], expiry: 600 });
      const page1 = plain<any>(await cat.conn.getSubscribedPresenceList({ pageNum: 1, pageSize: 2 }));
      assert.equal(page1.result.totalnum, 3);
      assert.deepEqual(
        page1.result.sublist.map((s: any) => s.uid),
        ['ann', 'bob'],
      );
      assert.equal(typeof page1.result.sublist[0].expiry, 'number');
      const page2 = plain<any>(await cat.conn.getSubscribedPresencelist({ pageNum: 2, pageSize: 2 }));
      assert.deepEqual(
        page2.result.sublist.map((s: any) => s.uid),
        ['dan'],
      );
      assert.deepEqual(page2.data, { result: page2.result });

      await cat.conn.unsubscribePresence({ usernames: ['ann', 'dan'] });
      const left = plain<any>(await cat.conn.getSubscribedPresenceList({ pageNum: 1, pageSize: 20 }));
      assert.deepEqual(left.result, { totalnum: 1, sublist: [left.result.sublist[0]] });
      assert.equal(left.result.sublist[0].uid, 'bob');
    });

    test('unsubscribed and expired subscribers are not told; a subscribed one is', async () => {
      const ann = await device('ann');
      const cat = await device('cat');
      const dan = await device('dan');
      await ann.conn.subscribePresence({ usernames: ['dan'], expiry: 600 });
      await ann.conn.unsubscribePresence({ usernames: ['dan'] });
      await cat.conn.subscribePresence({ usernames: ['dan'], expiry: 1 });
      const bob = await device('bob');
      await bob.conn.subscribePresence({ usernames: ['dan'], expiry: 600 });
      await sleep(1100); // cat's subscription ends
      await dan.conn.publishPresence({ description: 'control' });
      await bob.nextPresence('dan', (p) => p.ext === 'control');
      await sleep(200);
      assert.equal(ann.presences().filter((p) => p.userId === 'dan' && p.ext === 'control').length, 0);
      assert.equal(cat.presences().filter((p) => p.userId === 'dan' && p.ext === 'control').length, 0);
    });

    test('limits: description over 1,024 bytes is 1100; expiry and user count are checked', async () => {
      const ann = await device('ann');
      const tooBig = await sdkError(ann.conn.publishPresence({ description: 'é'.repeat(513) }));
      assert.equal(tooBig.type, 1100);
      await ann.conn.publishPresence({ description: 'x'.repeat(1024) }); // exactly the limit
      const longExpiry = await sdkError(
        ann.conn.subscribePresence({ usernames: ['bob'], expiry: 2_592_001 }),
      );
      assert.notEqual(longExpiry.type, 0);
      const many = Array.from({ length: 101 }, (_, i) => `u${i}`);
      const tooMany = await sdkError(ann.conn.subscribePresence({ usernames: many, expiry: 60 }));
      assert.notEqual(tooMany.type, 0);
      const max = plain<any>(
        await ann.conn.subscribePresence({ usernames: many.slice(0, 100), expiry: 2_592_000 }),
      );
      assert.equal(max.result.length, 100);
    });
  });
