// Storage contract for message reactions (domain/ports/reactions.ts). Every adapter runs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adapterSuite, contractKit } from './contract-kit.js';
import type { StorageFixture } from './storage-contract.js';
import type { ReactionStore } from '../../src/domain/ports/reactions.js';
import type { Storage } from '../../src/domain/ports/storage.js';

const M1 = 900_000_000_000_000_001n; // past 2^53: ids must not go through a double
const M2 = 42n;

export function reactionContract(name: string, make: () => Promise<StorageFixture>, skip?: string): void {
  adapterSuite(`reaction contract: ${name}`, skip, () => {
    let s: ReactionStore;
    let appId: number;
    contractKit(make, (storage: Storage, id) => ((s = storage.reactions), (appId = id)));

    test('an add is kept once per user; a second add of the same reaction is refused', async () => {
      assert.equal(await s.add(appId, M1, 'like', 'ann', 1, 20), 'added');
      assert.equal(await s.add(appId, M1, 'like', 'ann', 2, 20), 'already');
      assert.equal(await s.add(appId, M1, 'like', 'bob', 3, 20), 'added');
      assert.equal(await s.add(appId, M1, 'ok', 'ann', 4, 20), 'added');
      const list = await s.summaries(appId, [M1], 'ann', 3);
      assert.deepEqual(list, [
        { messageId: M1, reaction: 'like', count: 2, users: ['ann', 'bob'], addedBySelf: true },
        { messageId: M1, reaction: 'ok', count: 1, users: ['ann'], addedBySelf: true },
      ]);
      const asBob = await s.summaries(appId, [M1], 'bob', 1);
      assert.deepEqual(
        asBob.map((r) => [r.reaction, r.users, r.addedBySelf]),
        [
          ['like', ['ann'], true],
          ['ok', ['ann'], false],
        ],
      );
    });

    test('at most maxDistinct reactions; more users of an existing one are fine', async () => {
      for (const r of ['a', 'b', 'c']) assert.equal(await s.add(appId, M2, r, 'ann', 1, 3), 'added');
      assert.equal(await s.add(appId, M2, 'd', 'bob', 2, 3), 'limit');
      assert.equal(await s.add(appId, M2, 'a', 'bob', 2, 3), 'added');
      assert.equal(await s.remove(appId, M2, 'c', 'ann'), true);
      assert.equal(await s.add(appId, M2, 'd', 'bob', 3, 3), 'added', 'room again after a removal');
    });

    test('removal is per user; users page in the order they added', async () => {
      for (const [i, u] of ['u1', 'u2', 'u3', 'u4', 'u5'].entries())
        await s.add(appId, M1, 'star', u, 10 + i, 20);
      assert.equal(await s.remove(appId, M1, 'star', 'nobody'), false);
      assert.equal(await s.remove(appId, M1, 'star', 'u2'), true);
      assert.equal(await s.remove(appId, M1, 'star', 'u2'), false);
      assert.deepEqual(await s.users(appId, M1, 'star', 0, 2), ['u1', 'u3']);
      assert.deepEqual(await s.users(appId, M1, 'star', 2, 2), ['u4', 'u5']);
      assert.deepEqual(await s.users(appId, M1, 'star', 4, 2), []);
    });

    test('summaries follow the order of the ids asked and leave out messages without reactions', async () => {
      await s.add(appId, M1, 'x', 'ann', 1, 20);
      await s.add(appId, M2, 'y', 'ann', 2, 20);
      const list = await s.summaries(appId, [M2, 7n, M1], 'zed', 3);
      assert.deepEqual(
        list.map((r) => [r.messageId, r.reaction, r.addedBySelf]),
        [
          [M2, 'y', false],
          [M1, 'x', false],
        ],
      );
      assert.deepEqual(await s.summaries(appId, [], 'ann', 3), []);
      assert.deepEqual(await s.summaries(appId + 1000, [M1], 'ann', 3), [], 'apps are apart');
    });

    test('concurrent adds of one new reaction lose no count', async () => {
      const users = Array.from({ length: 50 }, (_, i) => `c${i}`);
      const outcomes = await Promise.all(users.map((u, i) => s.add(appId, M2, 'new', u, i, 20)));
      assert.ok(outcomes.every((o) => o === 'added'));
      const [summary] = await s.summaries(appId, [M2], 'c0', 3);
      assert.equal(summary?.count, 50);
    });

    test('concurrent adds of different new reactions never pass the limit', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, i) => s.add(appId, M1, `r${i}`, `u${i}`, i, 4)),
      );
      assert.equal(outcomes.filter((o) => o === 'added').length, 4);
      assert.equal((await s.summaries(appId, [M1], 'ann', 3)).length, 4);
    });
  });
}
