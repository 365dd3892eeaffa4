// Storage contract for chat-room attributes (domain/ports/room-attributes.ts): per-key owner (others need
// `forced`), the per-room key budget, autoDelete on leave, reading all or some, and forgetting a room
// (also through the MUC lists' forgetMuc, as a destroy does). Every adapter runs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adapterSuite, contractKit } from './contract-kit.js';
import type { StorageFixture } from './storage-contract.js';
import type { RoomAttributeStore } from '../../src/domain/ports/room-attributes.js';
import type { Storage } from '../../src/domain/ports/storage.js';

const R = '2000001';
const OTHER = '2000002';

export function roomAttributeContract(
  name: string,
  make: () => Promise<StorageFixture>,
  skip?: string,
): void {
  adapterSuite(`room attribute contract: ${name}`, skip, () => {
    let s: RoomAttributeStore;
    let storage: Storage;
    let appId: number;
    contractKit(make, (st: Storage, id) => ((storage = st), (s = st.roomAttributes), (appId = id)));
    const set = (
      owner: string,
      entries: Record<string, string>,
      opts: { forced?: boolean; maxKeys?: number; autoDelete?: boolean } = {},
    ) =>
      s.set(appId, R, {
        entries,
        owner,
        autoDelete: opts.autoDelete ?? true,
        forced: opts.forced ?? false,
        maxKeys: opts.maxKeys ?? 100,
        updatedAt: 1000,
      });

    test('set and get: all, some (unknown keys left out), per room', async () => {
      assert.deepEqual(await set('ann', { topic: 'news', color: 'red' }), {
        written: ['topic', 'color'],
        notOwned: [],
        overLimit: [],
      });
      assert.deepEqual(await s.get(appId, R), { color: 'red', topic: 'news' });
      assert.deepEqual(await s.get(appId, R, ['topic', 'nope']), { topic: 'news' });
      assert.deepEqual(await s.get(appId, OTHER), {});
    });

    test("another member's key needs forced; the owner may change its own; forced takes it over", async () => {
      await set('ann', { topic: 'news' });
      assert.deepEqual(await set('bob', { topic: 'sports', mine: 'x' }), {
        written: ['mine'],
        notOwned: ['topic'],
        overLimit: [],
      });
      assert.deepEqual(await s.get(appId, R, ['topic']), { topic: 'news' });
      assert.deepEqual((await set('ann', { topic: 'weather' })).written, ['topic']);
      assert.deepEqual((await set('bob', { topic: 'sports' }, { forced: true })).written, ['topic']);
      // bob owns it now: ann's remove needs forced.
      assert.deepEqual(await s.remove(appId, R, ['topic', 'absent'], 'ann', false), {
        removed: ['absent'],
        notOwned: ['topic'],
      });
      assert.deepEqual(await s.remove(appId, R, ['topic'], 'ann', true), {
        removed: ['topic'],
        notOwned: [],
      });
      assert.deepEqual(await s.get(appId, R), { mine: 'x' });
    });

    test('the key budget counts new keys only', async () => {
      await set('ann', { a: '1', b: '2' }, { maxKeys: 3 });
      assert.deepEqual(await set('ann', { a: '9', c: '3', d: '4' }, { maxKeys: 3 }), {
        written: ['a', 'c'],
        notOwned: [],
        overLimit: ['d'],
      });
      assert.deepEqual(await s.get(appId, R), { a: '9', b: '2', c: '3' });
    });

    test('autoDelete keys of a member go when it leaves; the others stay', async () => {
      await set('ann', { gone: '1' });
      await set('ann', { kept: '2' }, { autoDelete: false });
      await set('bob', { his: '3' });
      assert.deepEqual(await s.removeAutoDeleteOf(appId, R, 'ann'), ['gone']);
      assert.deepEqual(await s.get(appId, R), { his: '3', kept: '2' });
      assert.deepEqual(await s.removeAutoDeleteOf(appId, R, 'ann'), []);
    });

    test('a destroyed room forgets its attributes (forgetRoom, and the MUC lists forgetMuc)', async () => {
      await set('ann', { a: '1' });
      await s.set(appId, OTHER, {
        entries: { b: '2' },
        owner: 'ann',
        autoDelete: true,
        forced: false,
        maxKeys: 100,
        updatedAt: 1,
      });
      await s.forgetRoom(appId, R);
      assert.deepEqual(await s.get(appId, R), {});
      await storage.mucLists.forgetMuc(appId, OTHER);
      assert.deepEqual(await s.get(appId, OTHER), {});
    });
  });
}
