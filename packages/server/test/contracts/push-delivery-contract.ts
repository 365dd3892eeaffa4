// Storage contract for offline push (domain/ports/push-delivery.ts): the delivery queue (enqueue, claim
// with a lease that hides a job from other workers until it lapses, retry with a new due time, complete),
// provider configs, templates and labels with members. Every adapter runs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NewPushJob, PushStore } from '../../src/domain/ports/push-delivery.js';
import type { Storage } from '../../src/domain/ports/storage.js';
import { adapterSuite, contractKit } from './contract-kit.js';
import type { StorageFixture } from './storage-contract.js';

export function pushDeliveryContract(name: string, make: () => Promise<StorageFixture>, skip?: string): void {
  adapterSuite(`push delivery contract: ${name}`, skip, () => {
    let s: PushStore;
    let appId: number;
    contractKit(make, (storage: Storage, id) => ((s = storage.push), (appId = id)));
    const job = (username: string, dueAt: number, deviceId = 'd1'): NewPushJob => ({
      appId,
      username,
      deviceId,
      provider: 'webpush',
      token: '{"endpoint":"http://x"}',
      notification: { title: 't', body: 'b', data: { conversationId: 'bob' } },
      dueAt,
    });

    test('queue: due jobs are claimed once per lease, retried later, completed', async () => {
      await s.enqueue([job('ann', 100), job('ann', 50, 'd2'), job('bob', 1_000)]);
      await s.enqueue([]);
      const first = await s.claim(200, 10_000, 10);
      assert.deepEqual(
        first.map((j) => [j.username, j.deviceId, j.attempts]),
        [
          ['ann', 'd2', 0],
          ['ann', 'd1', 0],
        ],
        'due ones, oldest due first',
      );
      assert.deepEqual(first[0]!.notification, { title: 't', body: 'b', data: { conversationId: 'bob' } });
      assert.equal(first[0]!.provider, 'webpush');
      assert.deepEqual(await s.claim(300, 10_000, 10), [], 'leased jobs are not claimed again');
      await s.retry(first[0]!.id, 500, 'HTTP 500');
      await s.complete(first[1]!.id);
      assert.deepEqual(await s.claim(400, 10_000, 10), [], 'retried job not due yet');
      const again = await s.claim(600, 10_000, 1);
      assert.equal(again.length, 1);
      assert.equal(again[0]!.id, first[0]!.id);
      assert.equal(again[0]!.attempts, 1);
      assert.equal(again[0]!.lastError, 'HTTP 500');
      const lapsed = await s.claim(20_000, 30_000, 10);
      assert.deepEqual(
        lapsed.map((j) => j.username),
        ['ann', 'bob'],
        'a lapsed lease makes the job claimable again',
      );
      assert.equal((await s.pending(appId, 'ann')).length, 1);
      for (const j of lapsed) await s.complete(j.id);
      assert.deepEqual(await s.pending(appId, 'ann'), []);
    });

    test('concurrent claims (workers on several nodes) never take the same job', async () => {
      await s.enqueue(Array.from({ length: 20 }, (_, i) => job('zed', 10 + i, `d${i}`)));
      const claims = await Promise.all([1, 2, 3, 4].map(() => s.claim(1_000, 60_000, 8)));
      const ids = claims.flat().map((j) => j.id.toString());
      assert.equal(new Set(ids).size, ids.length, 'no job claimed twice');
      assert.equal(ids.length, 20, 'every due job claimed once');
      for (const j of claims.flat()) await s.complete(j.id);
    });

    test('provider configs per app and provider', async () => {
      assert.equal(await s.providerConfig(appId, 'fcm'), undefined);
      await s.putProviderConfig(appId, 'fcm', { projectId: 'p1' }, 1);
      await s.putProviderConfig(appId, 'fcm', { projectId: 'p2' }, 2);
      assert.deepEqual(await s.providerConfig(appId, 'fcm'), { projectId: 'p2' });
      assert.equal(await s.providerConfig(appId, 'apns'), undefined);
      assert.equal(await s.providerConfig(appId + 1_000_000, 'fcm'), undefined);
      await s.putProviderConfig(appId, 'fcm', undefined, 3);
      assert.equal(await s.providerConfig(appId, 'fcm'), undefined);
    });

    test('templates: put, replace, get, delete', async () => {
      await s.putTemplate(appId, {
        name: 'hi',
        titlePattern: 'T {0}',
        contentPattern: 'C {0}',
        createdAt: 1,
        updatedAt: 1,
      });
      await s.putTemplate(appId, {
        name: 'hi',
        titlePattern: 'T2',
        contentPattern: 'C2',
        createdAt: 5,
        updatedAt: 5,
      });
      assert.deepEqual(await s.template(appId, 'hi'), {
        name: 'hi',
        titlePattern: 'T2',
        contentPattern: 'C2',
        createdAt: 1,
        updatedAt: 5,
      });
      assert.equal(await s.deleteTemplate(appId, 'hi'), true);
      assert.equal(await s.deleteTemplate(appId, 'hi'), false);
      assert.equal(await s.template(appId, 'hi'), undefined);
    });

    test('labels and members', async () => {
      assert.equal(await s.createLabel(appId, 'vip', 'the best', 7), true);
      assert.equal(await s.createLabel(appId, 'vip', 'again', 8), false);
      await s.createLabel(appId, 'all', '', 9);
      await s.addLabelMembers(appId, 'vip', ['cat', 'ann', 'bob', 'ann'], 10);
      assert.deepEqual(await s.label(appId, 'vip'), {
        name: 'vip',
        description: 'the best',
        count: 3,
        createdAt: 7,
      });
      assert.deepEqual(
        (await s.labels(appId, '', 10)).map((l) => [l.name, l.count]),
        [
          ['all', 0],
          ['vip', 3],
        ],
      );
      assert.deepEqual(
        (await s.labels(appId, 'all', 10)).map((l) => l.name),
        ['vip'],
      );
      assert.deepEqual(await s.labelMembers(appId, 'vip', '', 2), ['ann', 'bob']);
      assert.deepEqual(await s.labelMembers(appId, 'vip', 'bob', 2), ['cat']);
      assert.equal(await s.isLabelMember(appId, 'vip', 'bob'), true);
      await s.removeLabelMembers(appId, 'vip', ['bob']);
      assert.equal(await s.isLabelMember(appId, 'vip', 'bob'), false);
      assert.equal(await s.deleteLabel(appId, 'vip'), true);
      assert.equal(await s.deleteLabel(appId, 'vip'), false);
      assert.equal(await s.label(appId, 'vip'), undefined);
      await s.createLabel(appId, 'vip', 'new', 11);
      assert.deepEqual(await s.labelMembers(appId, 'vip', '', 10), [], 'members went with the label');
    });
  });
}
