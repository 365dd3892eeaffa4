// Storage contract for what a MUC keeps about its users besides membership (domain/ports/muc-lists.ts):
// the user lists with expiry, the send path's one-lookup check, member attributes with their byte budget,
// shared-file records, and forgetting members and whole MUCs. Every adapter runs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adapterSuite, contractKit } from './contract-kit.js';
import type { StorageFixture } from './storage-contract.js';
import { NEVER_EXPIRES, type MucListStore, type MucSharedFile } from '../../src/domain/ports/muc-lists.js';
import type { Storage } from '../../src/domain/ports/storage.js';

const G = '1000001';
const OTHER = '1000002';

export function mucListContract(name: string, make: () => Promise<StorageFixture>, skip?: string): void {
  adapterSuite(`muc list contract: ${name}`, skip, () => {
    let s: MucListStore;
    let appId: number;
    contractKit(make, (storage: Storage, id) => ((s = storage.mucLists), (appId = id)));
    const names = async (list: 'mute' | 'allow' | 'block' | 'shield', now = 1000, muc = G) =>
      (await s.entries(appId, muc, list, now, 0, 100)).map((e) => e.username);

    test('mute entries expire; a new mute replaces the old one; newest first', async () => {
      await s.add(appId, G, 'mute', [{ username: 'ann', expiresAt: 2000 }], 100);
      await s.add(appId, G, 'mute', [{ username: 'bob', expiresAt: NEVER_EXPIRES }], 200);
      assert.deepEqual(await names('mute', 1000), ['bob', 'ann']);
      assert.deepEqual(await names('mute', 2000), ['bob'], 'an entry ends at its expiry');
      const [bob] = await s.entries(appId, G, 'mute', 1000, 0, 1);
      assert.deepEqual(bob, { username: 'bob', expiresAt: NEVER_EXPIRES, createdAt: 200 });
      // Muting again restarts the clock (and moves the entry to the front).
      await s.add(appId, G, 'mute', [{ username: 'ann', expiresAt: 9000 }], 300);
      assert.deepEqual(await names('mute', 5000), ['ann', 'bob']);
      assert.deepEqual(
        (await s.entries(appId, G, 'mute', 5000, 1, 1)).map((e) => e.username),
        ['bob'],
      );
      assert.deepEqual(await names('mute', 1000, OTHER), [], 'lists are per MUC');
    });

    test('remove returns who was on the list, expired entries included; lists are independent', async () => {
      await s.add(
        appId,
        G,
        'allow',
        [
          { username: 'ann', expiresAt: NEVER_EXPIRES },
          { username: 'bob', expiresAt: NEVER_EXPIRES },
        ],
        1,
      );
      await s.add(appId, G, 'mute', [{ username: 'ann', expiresAt: 10 }], 1);
      assert.deepEqual(await s.remove(appId, G, 'mute', ['ann', 'carl', 'ann']), ['ann']);
      assert.deepEqual(await names('allow'), ['bob', 'ann'], 'the allow entry stays');
      assert.deepEqual(await s.remove(appId, G, 'allow', ['bob']), ['bob']);
      assert.deepEqual(await s.remove(appId, G, 'allow', []), []);
      assert.deepEqual(await names('allow'), ['ann']);
    });

    test('onList keeps the order asked and leaves out expired entries', async () => {
      await s.add(
        appId,
        G,
        'block',
        [
          { username: 'bob', expiresAt: NEVER_EXPIRES },
          { username: 'ann', expiresAt: NEVER_EXPIRES },
        ],
        1,
      );
      await s.add(appId, G, 'mute', [{ username: 'carl', expiresAt: 50 }], 1);
      assert.deepEqual(await s.onList(appId, G, 'block', ['carl', 'ann', 'bob'], 1000), ['ann', 'bob']);
      assert.deepEqual(await s.onList(appId, G, 'mute', ['carl'], 49), ['carl']);
      assert.deepEqual(await s.onList(appId, G, 'mute', ['carl'], 50), []);
      assert.deepEqual(await s.onList(appId, G, 'block', [], 1), []);
    });

    test('speakerState reads mute, allow and block of one user at once', async () => {
      assert.deepEqual(await s.speakerState(appId, G, 'ann', 1000), {
        mutedUntil: undefined,
        allowListed: false,
        blocked: false,
      });
      await s.add(appId, G, 'mute', [{ username: 'ann', expiresAt: 5000 }], 1);
      await s.add(appId, G, 'allow', [{ username: 'ann', expiresAt: NEVER_EXPIRES }], 1);
      await s.add(appId, G, 'shield', [{ username: 'ann', expiresAt: NEVER_EXPIRES }], 1);
      await s.add(appId, OTHER, 'block', [{ username: 'ann', expiresAt: NEVER_EXPIRES }], 1);
      assert.deepEqual(await s.speakerState(appId, G, 'ann', 1000), {
        mutedUntil: 5000,
        allowListed: true,
        blocked: false,
      });
      assert.equal((await s.speakerState(appId, G, 'ann', 5000)).mutedUntil, undefined, 'expired');
      assert.equal((await s.speakerState(appId, OTHER, 'ann', 1)).blocked, true);
      await s.add(appId, G, 'mute', [{ username: 'ann', expiresAt: NEVER_EXPIRES }], 2);
      assert.equal((await s.speakerState(appId, G, 'ann', 10 ** 13)).mutedUntil, NEVER_EXPIRES);
    });

    test('attributes: merge, empty value deletes, the byte budget is all or nothing', async () => {
      const set = (patch: Record<string, string>, max = 20) =>
        s.setAttributes(appId, G, 'ann', patch, max, 7);
      assert.deepEqual(await set({ nick: 'Ann', role: 'dev' }), {
        ok: true,
        attributes: { nick: 'Ann', role: 'dev' },
      });
      // 4+3+4+3 = 14 bytes; adding "city"+"Paris!" (10) would make 24 > 20.
      assert.deepEqual(await set({ city: 'Paris!' }), { ok: false, reason: 'too-large' });
      assert.deepEqual(await s.attributes(appId, G, ['ann']), { ann: { nick: 'Ann', role: 'dev' } });
      assert.deepEqual(await set({ role: '', nick: 'Ané' }), { ok: true, attributes: { nick: 'Ané' } });
      assert.deepEqual(await set({ nick: '' }), { ok: true, attributes: {} });
      assert.deepEqual(await s.attributes(appId, G, ['ann']), {}, 'no attributes, no entry');
      // UTF-8 bytes count, not characters: "é" is two (1 + 2×10 = 21 bytes in 11 characters).
      assert.deepEqual(await set({ k: 'é'.repeat(10) }), { ok: false, reason: 'too-large' });
      assert.equal((await set({ k: 'é'.repeat(9) })).ok, true);
      await set({ k: '' });
      // A key that is special in JavaScript is only a key.
      assert.deepEqual(await set({ __proto__x: 'a', ['__proto__']: 'b' }, 100), {
        ok: true,
        attributes: JSON.parse('{"__proto__x":"a","__proto__":"b"}') as Record<string, string>,
      });
      assert.equal(
        Object.getPrototypeOf((await s.attributes(appId, G, ['ann']))['ann']),
        Object.prototype,
        'no prototype was set from stored data',
      );
    });

    test('attributes of several members, by keys; per MUC', async () => {
      await s.setAttributes(appId, G, 'ann', { a: '1', b: '2' }, 4096, 1);
      await s.setAttributes(appId, G, 'bob', { b: '3' }, 4096, 1);
      await s.setAttributes(appId, OTHER, 'carl', { a: '9' }, 4096, 1);
      assert.deepEqual(await s.attributes(appId, G, ['ann', 'bob', 'carl']), {
        ann: { a: '1', b: '2' },
        bob: { b: '3' },
      });
      assert.deepEqual(await s.attributes(appId, G, ['ann', 'bob'], ['a']), { ann: { a: '1' } });
      assert.deepEqual(await s.attributes(appId, G, ['ann'], []), { ann: { a: '1', b: '2' } });
      assert.deepEqual(await s.attributes(appId, G, []), {});
    });

    test('concurrent attribute sets of one member never pass the budget together', async () => {
      const results = await Promise.all(
        ['k1', 'k2', 'k3', 'k4'].map((k) => s.setAttributes(appId, G, 'ann', { [k]: 'vvvv' }, 12, 1)),
      );
      assert.equal(results.filter((r) => r.ok).length, 2, 'two 6-byte pairs fit in 12 bytes, not more');
      const stored = (await s.attributes(appId, G, ['ann']))['ann'] ?? {};
      assert.equal(Object.keys(stored).length, 2);
    });

    const file = (fileId: string, createdAt: number, muc = G): MucSharedFile => ({
      appId,
      mucId: muc,
      fileId,
      owner: 'ann',
      filename: `${fileId}.txt`,
      contentType: 'text/plain',
      size: 12,
      storageKey: `key-${fileId}`,
      createdAt,
    });

    test('shared files: save, find, list newest first, delete returns the record', async () => {
      await s.saveFile(file('f1', 100));
      await s.saveFile(file('f2', 200));
      await s.saveFile(file('f3', 300, OTHER));
      assert.deepEqual(await s.file(appId, G, 'f1'), file('f1', 100));
      assert.equal(await s.file(appId, OTHER, 'f1'), undefined, 'a file belongs to its MUC');
      assert.deepEqual(
        (await s.files(appId, G, 0, 10)).map((f) => f.fileId),
        ['f2', 'f1'],
      );
      assert.deepEqual(
        (await s.files(appId, G, 1, 10)).map((f) => f.fileId),
        ['f1'],
      );
      assert.deepEqual(await s.deleteFile(appId, G, 'f2'), file('f2', 200));
      assert.equal(await s.deleteFile(appId, G, 'f2'), undefined);
      assert.deepEqual(
        (await s.files(appId, G, 0, 10)).map((f) => f.fileId),
        ['f1'],
      );
    });

    test('forgetMembers keeps block entries; forgetMuc drops everything and names the files', async () => {
      const forever = (username: string) => [{ username, expiresAt: NEVER_EXPIRES }];
      for (const list of ['mute', 'allow', 'shield', 'block'] as const)
        await s.add(appId, G, list, forever('ann'), 1);
      await s.add(appId, G, 'mute', forever('bob'), 1);
      await s.setAttributes(appId, G, 'ann', { a: '1' }, 4096, 1);
      await s.forgetMembers(appId, G, ['ann']);
      for (const list of ['mute', 'allow', 'shield'] as const)
        assert.deepEqual(await s.onList(appId, G, list, ['ann'], 2), [], list);
      assert.deepEqual(await s.onList(appId, G, 'block', ['ann'], 2), ['ann']);
      assert.deepEqual(await s.onList(appId, G, 'mute', ['bob'], 2), ['bob'], 'others keep theirs');
      assert.deepEqual(await s.attributes(appId, G, ['ann']), {});

      await s.saveFile(file('f1', 1));
      await s.saveFile(file('f9', 1, OTHER));
      await s.setAttributes(appId, G, 'bob', { a: '1' }, 4096, 1);
      assert.deepEqual(await s.forgetMuc(appId, G), ['key-f1']);
      assert.deepEqual(await names('block'), []);
      assert.deepEqual(await names('mute'), []);
      assert.deepEqual(await s.attributes(appId, G, ['bob']), {});
      assert.deepEqual(await s.files(appId, G, 0, 10), []);
      assert.equal((await s.files(appId, OTHER, 0, 10)).length, 1, 'other MUCs keep theirs');
    });
  });
}
