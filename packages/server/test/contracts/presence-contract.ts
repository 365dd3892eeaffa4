// Storage contract for user attributes and presence (domain/ports/user-attributes.ts, presence.ts): maps kept
// whole and per user, the capacity sum, subscriptions with expiry read by subscriber (paged) and by target
// (the index a login uses), per-target counts, and published descriptions. Every adapter runs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adapterSuite, contractKit } from './contract-kit.js';
import type { StorageFixture } from './storage-contract.js';
import type { PresenceStore } from '../../src/domain/ports/presence.js';
import type { Storage } from '../../src/domain/ports/storage.js';
import type { UserAttributeStore } from '../../src/domain/ports/user-attributes.js';

export function presenceContract(name: string, make: () => Promise<StorageFixture>, skip?: string): void {
  adapterSuite(`presence contract: ${name}`, skip, () => {
    let attrs: UserAttributeStore;
    let p: PresenceStore;
    let appId: number;
    let storage: Storage;
    contractKit(make, (s: Storage, id) => {
      storage = s;
      attrs = s.userAttributes;
      p = s.presence;
      appId = id;
    });

    test('attributes: whole maps per user, absent users left out, delete, capacity', async () => {
      assert.equal((await attrs.get(appId, ['ann'])).size, 0);
      await attrs.put(appId, 'ann', { nickname: 'Ann', ext: 'é' }, 10);
      await attrs.put(appId, 'bob', { sign: 'hi' }, 10);
      const got = await attrs.get(appId, ['ann', 'bob', 'cid']);
      assert.deepEqual(Object.fromEntries(got), { ann: { nickname: 'Ann', ext: 'é' }, bob: { sign: 'hi' } });
      const bytes = Buffer.byteLength(JSON.stringify({ nickname: 'Ann', ext: 'é' })) + 13;
      assert.equal(await attrs.usedBytes(appId), bytes);
      await attrs.put(appId, 'ann', { nickname: 'A' }, 11);
      assert.deepEqual((await attrs.get(appId, ['ann'])).get('ann'), { nickname: 'A' }, 'put replaces');
      assert.equal(await attrs.delete(appId, 'bob'), true);
      assert.equal(await attrs.delete(appId, 'bob'), false);
      await attrs.put(appId, 'ann', {}, 12);
      assert.equal((await attrs.get(appId, ['ann', 'bob'])).size, 0, 'an empty map removes the row');
      assert.equal(await attrs.usedBytes(appId), 0);
    });

    test('subscriptions: renew, page by target, expire, unsubscribe', async () => {
      await p.subscribe(appId, 'ann', ['cid', 'bob', 'dan'], 5000);
      await p.subscribe(appId, 'ann', ['bob'], 9000);
      const all = await p.subscriptions(appId, 'ann', 1000, 0, 10);
      assert.equal(all.total, 3);
      assert.deepEqual(all.items, [
        { target: 'bob', expiresAt: 9000 },
        { target: 'cid', expiresAt: 5000 },
        { target: 'dan', expiresAt: 5000 },
      ]);
      const second = await p.subscriptions(appId, 'ann', 1000, 1, 1);
      assert.deepEqual(second, { total: 3, items: [{ target: 'cid', expiresAt: 5000 }] });
      const later = await p.subscriptions(appId, 'ann', 5000, 0, 10);
      assert.deepEqual(
        later,
        { total: 1, items: [{ target: 'bob', expiresAt: 9000 }] },
        'ends at its expiry',
      );
      assert.deepEqual(Object.fromEntries(await p.expiries(appId, 'ann', ['bob', 'cid', 'zed'], 1000)), {
        bob: 9000,
        cid: 5000,
      });
      assert.deepEqual(Object.fromEntries(await p.expiries(appId, 'ann', ['bob', 'cid'], 5000)), {
        bob: 9000,
      });
      await p.unsubscribe(appId, 'ann', ['bob', 'nobody']);
      assert.equal((await p.subscriptions(appId, 'ann', 1000, 0, 10)).total, 2);
    });

    test('subscribers of a target: live only, counted per target without the asker', async () => {
      await p.subscribe(appId, 'ann', ['bob'], 5000);
      await p.subscribe(appId, 'cid', ['bob', 'dan'], 9000);
      await p.subscribe(appId, 'eve', ['dan'], 9000);
      const byName = (a: { subscriber: string }, b: { subscriber: string }) =>
        a.subscriber < b.subscriber ? -1 : 1;
      assert.deepEqual((await p.subscribers(appId, 'bob', 1000)).sort(byName), [
        { subscriber: 'ann', expiresAt: 5000 },
        { subscriber: 'cid', expiresAt: 9000 },
      ]);
      assert.deepEqual(
        await p.subscribers(appId, 'bob', 6000),
        [{ subscriber: 'cid', expiresAt: 9000 }],
        'an expired subscriber is not told',
      );
      assert.deepEqual(await p.subscribers(appId, 'nobody', 1000), []);
      const counts = await p.subscriberCounts(appId, ['bob', 'dan', 'zed'], 1000, 'eve');
      assert.deepEqual(Object.fromEntries(counts), { bob: 2, dan: 1 });
    });

    test('push nickname: setNickname changes the user record', async () => {
      const users = storage.users;
      await users.create({
        appId,
        username: 'ann',
        uuid: 'u-ann',
        passwordHash: 'h',
        nickname: '',
        activated: true,
        createdAt: 1,
        modifiedAt: 1,
      });
      assert.equal(await users.setNickname(appId, 'ann', 'Annie', 5), true);
      const ann = await users.find(appId, 'ann');
      assert.deepEqual([ann?.nickname, ann?.modifiedAt], ['Annie', 5]);
      assert.equal(await users.setNickname(appId, 'nobody', 'x', 5), false);
    });

    test('published descriptions: last one wins, per user', async () => {
      await p.publish(appId, 'ann', 'busy', 100);
      await p.publish(appId, 'ann', 'away', 200);
      await p.publish(appId, 'bob', '', 300);
      const got = await p.published(appId, ['ann', 'bob', 'cid']);
      assert.deepEqual(Object.fromEntries(got), {
        ann: { ext: 'away', publishedAt: 200 },
        bob: { ext: '', publishedAt: 300 },
      });
    });
  });
}
