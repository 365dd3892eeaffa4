// The storage contract: every adapter (SQLite, PostgreSQL) runs this same suite (house style B.5).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adapterSuite, contractKit } from './contract-kit.js';
import type { DeviceRef, Storage } from '../../src/domain/ports/storage.js';

export interface StorageFixture {
  storage: Storage;
  /** Drops whatever the fixture created. */
  cleanup(): Promise<void>;
}

const settings = { openRegistration: true, tokenTtlSeconds: 60, maxMessageBytes: 5120 };

export function storageContract(name: string, make: () => Promise<StorageFixture>, skip?: string): void {
  adapterSuite(`storage contract: ${name}`, skip, () => {
    let s: Storage;
    let appId: number;
    const kit = contractKit(make, (storage, id) => ((s = storage), (appId = id)), {
      resource: (sender) => `${sender}-r1`,
    });
    const { msg } = kit;
    const send = kit.append;
    const dev = (owner: string, resource: string): DeviceRef => ({ appId, owner, resource });
    const drainAll = async (d: DeviceRef, queue: string) => {
      const got: bigint[] = [];
      for (;;) {
        const b = await s.messages.readQueue(d, queue, 3);
        if (b.items.length === 0) {
          if (b.scannedTo > 0n) await s.messages.ackQueue(d, queue, b.scannedTo);
          return got;
        }
        got.push(...b.items.map((i) => i.pos));
        await s.messages.ackQueue(d, queue, b.scannedTo);
      }
    };

    test('apps: create, find by name and id, settings round-trip', async () => {
      const a = await s.apps.findById(appId);
      assert.ok(a);
      assert.deepEqual(a.settings, settings);
      assert.deepEqual(await s.apps.findByName(a.org, a.name), a);
      assert.equal(await s.apps.findByName('org', 'missing'), undefined);
      assert.ok((await s.apps.count()) >= 1);
    });

    test('apps: settings can be replaced after creation; an unknown app is undefined', async () => {
      const a = await s.apps.create({
        org: 'org',
        name: `settings-${Math.random().toString(36).slice(2)}`,
        uuid: `uuid-${Math.random()}`,
        clientId: `c-${Math.random()}`,
        clientSecretHash: 'h',
        settings,
        createdAt: 7,
      });
      const next = {
        ...settings,
        openRegistration: false,
        deviceLimit: 2,
        services: ['groups' as const],
        agoraAppId: 'a'.repeat(32),
        agoraAppCertificate: 'b'.repeat(32),
      };
      const updated = await s.apps.updateSettings(a.id, next);
      assert.deepEqual(updated, { ...a, settings: next });
      assert.deepEqual(await s.apps.findById(a.id), { ...a, settings: next });
      assert.deepEqual((await s.apps.findByName(a.org, a.name))?.settings, next);
      assert.equal(await s.apps.updateSettings(a.id + 100_000, next), undefined);
    });

    test('users: create once, duplicates refused, find', async () => {
      const u = {
        appId,
        username: 'alice',
        uuid: `u-${Math.random()}`,
        passwordHash: 'x',
        nickname: 'A',
        activated: true,
        createdAt: 5,
        modifiedAt: 6,
      };
      assert.equal(await s.users.create(u), true);
      assert.equal(await s.users.create({ ...u, uuid: `u-${Math.random()}` }), false);
      assert.deepEqual(await s.users.find(appId, 'alice'), u);
      assert.equal(await s.users.find(appId, 'bob'), undefined);
      assert.deepEqual(await s.users.findByUuid(appId, u.uuid), u);
      assert.equal(await s.users.findByUuid(appId, 'no-such-uuid'), undefined);
    });

    test('tokens: save and find by hash', async () => {
      const t = { tokenHash: `h${Math.random()}`, appId, username: 'alice', createdAt: 1, expiresAt: 2 };
      await s.tokens.save(t);
      assert.deepEqual(await s.tokens.find(t.tokenHash), t);
      const admin = {
        tokenHash: `h${Math.random()}`,
        appId,
        username: undefined,
        createdAt: 1,
        expiresAt: 2,
      };
      await s.tokens.save(admin);
      assert.deepEqual(await s.tokens.find(admin.tokenHash), admin);
      assert.equal(await s.tokens.find('nope'), undefined);
    });

    const user = (username: string) => ({
      appId,
      username,
      uuid: `u-${username}-${Math.random()}`,
      passwordHash: 'x',
      nickname: '',
      activated: true,
      createdAt: 5,
      modifiedAt: 6,
    });

    test('apps: list every app in creation order', async () => {
      const listed = await s.apps.list();
      assert.ok(listed.length >= 1);
      const ids = listed.map((a) => a.id);
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => a - b),
      );
      assert.deepEqual(
        listed.find((a) => a.id === appId),
        await s.apps.findById(appId),
      );
    });

    test('users: list pages in username order with an exclusive cursor, per app', async () => {
      for (const u of ['carol', 'a.b', 'alice', 'bob', 'a-b', 'dave'])
        assert.ok(await s.users.create(user(u)));
      const first = await s.users.list(appId, 4);
      assert.deepEqual(
        first.map((u) => u.username),
        ['a-b', 'a.b', 'alice', 'bob'],
      );
      const rest = await s.users.list(appId, 4, first.at(-1)!.username);
      assert.deepEqual(
        rest.map((u) => u.username),
        ['carol', 'dave'],
      );
      assert.deepEqual(await s.users.list(appId, 4, 'dave'), []);
      assert.deepEqual(await s.users.list(appId + 100_000, 4), []);
    });

    test('users: delete, password and activation updates report whether the user existed', async () => {
      await s.users.create(user('erin'));
      assert.equal((await s.users.find(appId, 'erin'))?.passwordHash, 'x'); // a cached copy, if any
      assert.equal(await s.users.setPassword(appId, 'erin', 'new-hash', 10), true);
      assert.equal((await s.users.find(appId, 'erin'))?.passwordHash, 'new-hash');
      assert.equal((await s.users.find(appId, 'erin'))?.modifiedAt, 10);
      assert.equal(await s.users.setActivated(appId, 'erin', false, 11), true);
      assert.equal((await s.users.find(appId, 'erin'))?.activated, false);
      assert.equal(await s.users.setActivated(appId, 'erin', true, 12), true);
      assert.equal((await s.users.find(appId, 'erin'))?.activated, true);
      assert.equal(await s.users.setPassword(appId, 'nobody', 'h', 1), false);
      assert.equal(await s.users.setActivated(appId, 'nobody', false, 1), false);
      assert.equal(await s.users.delete(appId, 'erin'), true);
      assert.equal(await s.users.find(appId, 'erin'), undefined);
      assert.equal(await s.users.delete(appId, 'erin'), false);
      assert.equal(await s.users.create(user('erin')), true, 'the name is free again');
    });

    test("tokens: deleteForUser revokes one user's tokens only", async () => {
      const t = (username: string | undefined) => ({
        tokenHash: `h${Math.random()}`,
        appId,
        username,
        createdAt: 1,
        expiresAt: 2,
      });
      const [a1, a2, b1, admin] = [t('alice'), t('alice'), t('bob'), t(undefined)];
      for (const x of [a1, a2, b1, admin]) await s.tokens.save(x);
      assert.equal(await s.tokens.deleteForUser(appId, 'alice'), 2);
      assert.equal(await s.tokens.find(a1.tokenHash), undefined);
      assert.equal(await s.tokens.find(a2.tokenHash), undefined);
      assert.deepEqual(await s.tokens.find(b1.tokenHash), b1);
      assert.deepEqual(await s.tokens.find(admin.tokenHash), admin);
      assert.equal(await s.tokens.deleteForUser(appId, 'alice'), 0);
    });

    test('server meta: first writer wins, values persist', async () => {
      const key = `k${Math.random()}`;
      assert.equal(await s.meta.get(key), undefined);
      assert.equal(await s.meta.putIfAbsent(key, 'one'), true);
      assert.equal(await s.meta.putIfAbsent(key, 'two'), false);
      assert.equal(await s.meta.get(key), 'one');
    });

    test('messages: gap-free sequence per conversation, independent across conversations', async () => {
      const seqs = [];
      for (let i = 0; i < 4; i++)
        seqs.push((await send(msg(i % 2 ? 'alice' : 'bob', i % 2 ? 'bob' : 'alice'))).message.seq);
      assert.deepEqual(seqs, [1n, 2n, 3n, 4n]);
      assert.equal((await send(msg('alice', 'carol'))).message.seq, 1n);
    });

    test('messages: a resend with the same client id returns the first message and stores nothing', async () => {
      const first = await send(msg('alice', 'bob', { clientMsgId: 'same' }));
      const again = await send(msg('alice', 'bob', { clientMsgId: 'same', meta: new Uint8Array([9]) }));
      assert.equal(again.duplicate, true);
      assert.equal(again.message.id, first.message.id);
      assert.equal(again.message.seq, first.message.seq);
      assert.deepEqual([...again.message.meta], [...first.message.meta]);
      assert.deepEqual(await drainAll(dev('bob', 'b1'), 'alice'), [1n]);
    });

    test('messages: the same client id in another conversation or from another sender is a new message', async () => {
      const first = await send(msg('alice', 'bob', { clientMsgId: 'shared' }));
      const otherConversation = await send(msg('alice', 'carol', { clientMsgId: 'shared' }));
      const otherSender = await send(msg('bob', 'alice', { clientMsgId: 'shared' }));
      assert.equal(otherConversation.duplicate, false);
      assert.equal(otherSender.duplicate, false);
      assert.equal(new Set([first, otherConversation, otherSender].map((r) => r.message.id)).size, 3);
      const again = await send(msg('alice', 'carol', { clientMsgId: 'shared' }));
      assert.equal(again.duplicate, true);
      assert.equal(again.message.id, otherConversation.message.id);
    });

    test('messages: queues, own sends skipped, cursors per device, clamped acks', async () => {
      for (let i = 0; i < 5; i++) await send(msg('alice', 'bob'));
      await send(msg('bob', 'alice', { senderResource: 'b1' }));
      await send(msg('alice', 'bob'));
      const b1 = dev('bob', 'b1');
      await s.messages.touchDevice(b1, 1);
      assert.deepEqual(await s.messages.unreadQueues(b1), [{ queue: 'alice', count: 7 }]);
      const first = await s.messages.readQueue(b1, 'alice', 3);
      assert.deepEqual(
        first.items.map((i) => i.pos),
        [1n, 2n, 3n],
      );
      assert.equal(first.scannedTo, 3n);
      await s.messages.ackQueue(b1, 'alice', 3n);
      const second = await s.messages.readQueue(b1, 'alice', 3);
      assert.deepEqual(
        second.items.map((i) => i.pos),
        [4n, 5n, 7n],
      ); // 6 is b1's own
      assert.equal(second.scannedTo, 7n);
      await s.messages.ackQueue(b1, 'alice', 1000n); // clamped to the end
      assert.deepEqual((await s.messages.readQueue(b1, 'alice', 3)).items, []);
      assert.deepEqual(await s.messages.unreadQueues(b1), []);
      await send(msg('alice', 'bob'));
      assert.deepEqual(
        (await s.messages.readQueue(b1, 'alice', 3)).items.map((i) => i.pos),
        [8n],
      );
      // alice's device that sent everything is up to date except bob's message (6).
      const a1 = dev('alice', 'alice-r1');
      assert.deepEqual(await drainAll(a1, 'bob'), [6n]);
      assert.equal(await s.messages.readQueue(dev('nobody', 'x'), 'alice', 3).then((b) => b.items.length), 0);
    });

    test('messages: acks made together (one batch) keep the highest position per device, never move back', async () => {
      for (let i = 0; i < 6; i++) await send(msg('alice', 'bob'));
      const b1 = dev('bob', 'b1');
      const b2 = dev('bob', 'b2');
      await s.messages.touchDevice(b1, 1);
      await s.messages.touchDevice(b2, 1);
      // Same turn: b1 twice (out of order), b2 once, an unknown queue, and one beyond the end.
      await Promise.all([
        s.messages.ackQueue(b1, 'alice', 4n),
        s.messages.ackQueue(b1, 'alice', 2n),
        s.messages.ackQueue(b2, 'alice', 1n),
        s.messages.ackQueue(b2, 'nobody', 3n),
        s.messages.ackQueue(dev('carol', 'c1'), 'alice', 9n),
      ]);
      assert.deepEqual(
        (await s.messages.readQueue(b1, 'alice', 10)).items.map((i) => i.pos),
        [5n, 6n],
      );
      assert.deepEqual(
        (await s.messages.readQueue(b2, 'alice', 10)).items.map((i) => i.pos),
        [2n, 3n, 4n, 5n, 6n],
      );
      await Promise.all([s.messages.ackQueue(b1, 'alice', 1000n), s.messages.ackQueue(b2, 'alice', 3n)]);
      assert.deepEqual(await s.messages.unreadQueues(b1), []);
      assert.deepEqual(await s.messages.unreadQueues(b2), [{ queue: 'alice', count: 3 }]);
      // A new device of bob starts where his furthest device is (the user cursor took the highest).
      const b3 = dev('bob', 'b3');
      await s.messages.touchDevice(b3, 1);
      assert.deepEqual(await drainAll(b3, 'alice'), []);
    });

    test('messages: a new device starts where the furthest device is; a known device keeps its own cursor', async () => {
      for (let i = 0; i < 3; i++) await send(msg('alice', 'bob'));
      const b1 = dev('bob', 'b1');
      const b2 = dev('bob', 'b2');
      await s.messages.touchDevice(b1, 1);
      await s.messages.touchDevice(b2, 1);
      assert.deepEqual(await drainAll(b1, 'alice'), [1n, 2n, 3n]);
      await send(msg('alice', 'bob'));
      const b3 = dev('bob', 'b3');
      await s.messages.touchDevice(b3, 2);
      assert.deepEqual(await drainAll(b3, 'alice'), [4n]);
      await s.messages.touchDevice(b2, 3); // known device, offline meanwhile: keeps its own position
      assert.deepEqual(await drainAll(b2, 'alice'), [1n, 2n, 3n, 4n]);
    });

    test('messages: the sending device is not told about its own message', async () => {
      const a1 = dev('alice', 'alice-r1');
      await s.messages.touchDevice(a1, 1);
      await send(msg('alice', 'bob'));
      await send(msg('alice', 'bob'));
      assert.deepEqual(await s.messages.unreadQueues(a1), []);
      const a2 = dev('alice', 'a2');
      await s.messages.touchDevice(a2, 1);
      assert.deepEqual(await drainAll(a2, 'bob'), []); // a new device starts past what alice already saw
    });

    test('messages: concurrent appends to one conversation get distinct, gap-free positions', async () => {
      const n = 40;
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) => send(msg(i % 2 ? 'alice' : 'bob', i % 2 ? 'bob' : 'alice'))),
      );
      assert.deepEqual(
        results.map((r) => r.message.seq).sort((a, b) => (a < b ? -1 : 1)),
        Array.from({ length: n }, (_, i) => BigInt(i + 1)),
      );
      const dups = await Promise.all(
        Array.from({ length: 10 }, () =>
          send(msg('alice', 'bob', { clientMsgId: 'race', id: kit.nextMessageId() })),
        ),
      );
      assert.equal(new Set(dups.map((d) => d.message.id)).size, 1);
      assert.equal(dups.filter((d) => !d.duplicate).length, 1);
      // The resends consumed no position: the next message follows the race's winner.
      assert.equal((await send(msg('bob', 'alice'))).message.seq, BigInt(n + 2));
    });
  });
}
