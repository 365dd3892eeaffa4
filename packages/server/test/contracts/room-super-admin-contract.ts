// Storage contract for chat room super admins (domain/ports/room-super-admins.ts): add once, remove once,
// newest first with paging, per app. Every adapter runs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoomSuperAdminStore } from '../../src/domain/ports/room-super-admins.js';
import type { Storage } from '../../src/domain/ports/storage.js';
import { adapterSuite, contractKit } from './contract-kit.js';
import type { StorageFixture } from './storage-contract.js';

export function roomSuperAdminContract(
  name: string,
  make: () => Promise<StorageFixture>,
  skip?: string,
): void {
  adapterSuite(`room super admin contract: ${name}`, skip, () => {
    let s: RoomSuperAdminStore;
    let appId: number;
    contractKit(make, (storage: Storage, id) => ((s = storage.roomSuperAdmins), (appId = id)));

    test('add once, newest first, paged; has and count follow', async () => {
      assert.equal(await s.add(appId, 'ann', 100), true);
      assert.equal(await s.add(appId, 'bob', 200), true);
      assert.equal(await s.add(appId, 'ann', 300), false, 'naming one again changes nothing');
      assert.deepEqual(await s.list(appId, 0, 10), ['bob', 'ann']);
      assert.deepEqual(await s.list(appId, 1, 1), ['ann']);
      assert.equal(await s.has(appId, 'ann'), true);
      assert.equal(await s.has(appId, 'cat'), false);
      assert.equal(await s.count(appId), 2);
    });

    test('remove once; lists are per app', async () => {
      await s.add(appId, 'ann', 1);
      assert.equal(await s.remove(appId, 'ann'), true);
      assert.equal(await s.remove(appId, 'ann'), false);
      assert.equal(await s.has(appId, 'ann'), false);
      await s.add(appId, 'bob', 1);
      assert.deepEqual(await s.list(appId + 1_000_000, 0, 10), []);
      assert.equal(await s.count(appId + 1_000_000), 0);
    });
  });
}
