// Storage contract for push settings (domain/ports/push-settings.ts): silent modes by key (an empty mode
// removes), the remind-type list in key order after a cursor, device tokens bound, rebound and unbound,
// and the push profile's fields changed one at a time; all per user and per app. Every adapter runs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PushSettingsStore, SilentKey } from '../../src/domain/ports/push-settings.js';
import type { Storage } from '../../src/domain/ports/storage.js';
import { adapterSuite, contractKit } from './contract-kit.js';
import type { StorageFixture } from './storage-contract.js';

const ALL: SilentKey = { scope: 'all', target: '' };
const user = (target: string): SilentKey => ({ scope: 'user', target });
const group = (target: string): SilentKey => ({ scope: 'group', target });

export function pushSettingsContract(name: string, make: () => Promise<StorageFixture>, skip?: string): void {
  adapterSuite(`push settings contract: ${name}`, skip, () => {
    let s: PushSettingsStore;
    let appId: number;
    contractKit(make, (storage: Storage, id) => ((s = storage.pushSettings), (appId = id)));

    test('silent modes: put, read back by key, replace, remove with an empty mode', async () => {
      await s.putSilentMode(appId, 'ann', ALL, { type: 'AT', ignoreInterval: '22:0-7:0' }, 1);
      await s.putSilentMode(appId, 'ann', user('bob'), { ignoreUntil: 1_700_000_000_000 }, 1);
      await s.putSilentMode(appId, 'ann', group('g1'), { type: 'NONE' }, 1);
      const got = await s.silentModes(appId, 'ann', [ALL, user('bob'), group('g1'), user('nobody')]);
      assert.deepEqual(Object.fromEntries(got), {
        'all:': { type: 'AT', ignoreInterval: '22:0-7:0' },
        'user:bob': { ignoreUntil: 1_700_000_000_000 },
        'group:g1': { type: 'NONE' },
      });
      await s.putSilentMode(appId, 'ann', group('g1'), { type: 'ALL', ignoreUntil: 5 }, 2);
      assert.deepEqual((await s.silentModes(appId, 'ann', [group('g1')])).get('group:g1'), {
        type: 'ALL',
        ignoreUntil: 5,
      });
      await s.putSilentMode(appId, 'ann', group('g1'), {}, 3);
      assert.equal((await s.silentModes(appId, 'ann', [group('g1')])).size, 0);
      assert.equal((await s.silentModes(appId, 'bob', [ALL])).size, 0, 'per user');
      assert.equal((await s.silentModes(appId + 1_000_000, 'ann', [ALL])).size, 0, 'per app');
      assert.equal((await s.silentModes(appId, 'ann', [])).size, 0);
    });

    test('remind types: conversations with a type only, in key order, after a cursor', async () => {
      await s.putSilentMode(appId, 'ann', ALL, { type: 'NONE' }, 1);
      await s.putSilentMode(appId, 'ann', user('zed'), { type: 'AT' }, 1);
      await s.putSilentMode(appId, 'ann', user('amy'), { type: 'ALL' }, 1);
      await s.putSilentMode(appId, 'ann', user('dur'), { ignoreUntil: 9 }, 1);
      await s.putSilentMode(appId, 'ann', group('g2'), { type: 'NONE' }, 1);
      const page1 = await s.remindTypes(appId, 'ann', '', 2);
      assert.deepEqual(page1, [
        { key: group('g2'), type: 'NONE' },
        { key: user('amy'), type: 'ALL' },
      ]);
      assert.deepEqual(await s.remindTypes(appId, 'ann', 'user:amy', 10), [{ key: user('zed'), type: 'AT' }]);
      assert.deepEqual(await s.remindTypes(appId, 'bob', '', 10), []);
    });

    test('devices: bind, rebind, unbind; profile fields one at a time', async () => {
      await s.putDevice(appId, 'ann', { deviceId: 'b', token: 't1', notifier: 'fcm', updatedAt: 1 });
      await s.putDevice(appId, 'ann', { deviceId: 'a', token: 't2', notifier: 'apns', updatedAt: 2 });
      await s.putDevice(appId, 'ann', { deviceId: 'b', token: 't3', notifier: 'fcm', updatedAt: 3 });
      assert.deepEqual(await s.devices(appId, 'ann'), [
        { deviceId: 'a', token: 't2', notifier: 'apns', updatedAt: 2 },
        { deviceId: 'b', token: 't3', notifier: 'fcm', updatedAt: 3 },
      ]);
      assert.equal(await s.removeDevice(appId, 'ann', 'a'), true);
      assert.equal(await s.removeDevice(appId, 'ann', 'a'), false);
      assert.deepEqual(
        (await s.devices(appId, 'ann')).map((d) => d.deviceId),
        ['b'],
      );
      assert.deepEqual(await s.devices(appId, 'bob'), []);

      assert.deepEqual(await s.profile(appId, 'ann'), { language: '', displayStyle: 0 });
      await s.putProfile(appId, 'ann', { language: 'de' }, 1);
      await s.putProfile(appId, 'ann', { displayStyle: 1 }, 2);
      assert.deepEqual(await s.profile(appId, 'ann'), { language: 'de', displayStyle: 1 });
      assert.deepEqual(await s.profile(appId, 'bob'), { language: '', displayStyle: 0 });
    });
  });
}
