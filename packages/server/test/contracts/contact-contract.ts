// Storage contract for contacts, friend requests and blocklists (domain/ports/contacts.ts). Every adapter
// runs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adapterSuite, contractKit } from './contract-kit.js';
import type { StorageFixture } from './storage-contract.js';
import type { ContactStore } from '../../src/domain/ports/contacts.js';
import type { Storage } from '../../src/domain/ports/storage.js';

export function contactContract(name: string, make: () => Promise<StorageFixture>, skip?: string): void {
  adapterSuite(`contact contract: ${name}`, skip, () => {
    let s: ContactStore;
    let appId: number;
    contractKit(make, (storage: Storage, id) => ((s = storage.contacts), (appId = id)));
    const names = async (owner: string, after?: string, limit = 100) =>
      (await s.contacts(appId, owner, after, limit)).map((e) => e.username);

    test('a request is kept until removed; renewing it replaces the reason', async () => {
      await s.addRequest(appId, { requester: 'ann', invitee: 'bob', reason: 'hi', createdAt: 10 });
      assert.deepEqual(await s.request(appId, 'ann', 'bob'), {
        requester: 'ann',
        invitee: 'bob',
        reason: 'hi',
        createdAt: 10,
      });
      assert.equal(await s.request(appId, 'bob', 'ann'), undefined, 'requests have a direction');
      await s.addRequest(appId, { requester: 'ann', invitee: 'bob', reason: 'again', createdAt: 20 });
      assert.equal((await s.request(appId, 'ann', 'bob'))?.reason, 'again');
      assert.equal(await s.removeRequest(appId, 'ann', 'bob'), true);
      assert.equal(await s.removeRequest(appId, 'ann', 'bob'), false);
      assert.equal(await s.request(appId, 'ann', 'bob'), undefined);
    });

    test('contacts are mutual, drop pending requests both ways and are listed by id with a cursor', async () => {
      await s.addRequest(appId, { requester: 'ann', invitee: 'bob', reason: '', createdAt: 1 });
      await s.addRequest(appId, { requester: 'bob', invitee: 'ann', reason: '', createdAt: 1 });
      assert.equal(await s.addContact(appId, 'ann', 'bob', 5), true);
      assert.equal(await s.addContact(appId, 'bob', 'ann', 6), false, 'already contacts');
      assert.equal(await s.request(appId, 'ann', 'bob'), undefined);
      assert.equal(await s.request(appId, 'bob', 'ann'), undefined);
      assert.equal(await s.isContact(appId, 'ann', 'bob'), true);
      assert.equal(await s.isContact(appId, 'bob', 'ann'), true);
      await s.addContact(appId, 'ann', 'Zed', 7);
      await s.addContact(appId, 'ann', 'carl', 8);
      assert.deepEqual(await names('ann'), ['Zed', 'bob', 'carl'], 'byte order of ids');
      assert.deepEqual(await names('ann', undefined, 2), ['Zed', 'bob']);
      assert.deepEqual(await names('ann', 'bob', 2), ['carl']);
      assert.equal(await s.countContacts(appId, 'ann'), 3);
      assert.deepEqual(await names('bob'), ['ann']);
      const [entry] = await s.contacts(appId, 'bob', undefined, 1);
      assert.deepEqual(entry, { username: 'ann', remark: '', createdAt: 5 });
    });

    test('remarks are per side; a stranger has none to set', async () => {
      await s.addContact(appId, 'ann', 'bob', 1);
      assert.equal(await s.setRemark(appId, 'ann', 'bob', 'Bobby'), true);
      assert.equal(await s.setRemark(appId, 'ann', 'carl', 'x'), false);
      assert.equal((await s.contacts(appId, 'ann', undefined, 10))[0]?.remark, 'Bobby');
      assert.equal((await s.contacts(appId, 'bob', undefined, 10))[0]?.remark, '');
    });

    test('removing a contact ends it both ways', async () => {
      await s.addContact(appId, 'ann', 'bob', 1);
      assert.equal(await s.removeContact(appId, 'bob', 'ann'), true);
      assert.equal(await s.removeContact(appId, 'bob', 'ann'), false);
      assert.equal(await s.isContact(appId, 'ann', 'bob'), false);
      assert.deepEqual(await names('ann'), []);
      assert.equal(await s.countContacts(appId, 'bob'), 0);
    });

    test('blocklists: new entries reported, removal reports who was on it, per owner, paged by id', async () => {
      assert.deepEqual(await s.block(appId, 'ann', ['bob', 'carl', 'bob'], 1), ['bob', 'carl']);
      assert.deepEqual(await s.block(appId, 'ann', ['carl', 'dan'], 2), ['dan']);
      assert.equal(await s.isBlocked(appId, 'ann', 'bob'), true);
      assert.equal(await s.isBlocked(appId, 'bob', 'ann'), false, 'blocking has a direction');
      assert.equal(await s.countBlocked(appId, 'ann'), 3);
      assert.deepEqual(
        (await s.blocked(appId, 'ann', undefined, 2)).map((e) => e.username),
        ['bob', 'carl'],
      );
      assert.deepEqual(await s.blocked(appId, 'ann', 'carl', 2), [{ username: 'dan', createdAt: 2 }]);
      assert.deepEqual(await s.unblock(appId, 'ann', ['bob', 'eve']), ['bob']);
      assert.equal(await s.isBlocked(appId, 'ann', 'bob'), false);
      assert.deepEqual(await s.unblock(appId, 'ann', []), []);
      assert.deepEqual(await s.block(appId, 'ann', [], 3), []);
    });

    test('forgetting a user drops its contacts, requests and blocks on both sides', async () => {
      await s.addContact(appId, 'ann', 'bob', 1);
      await s.addContact(appId, 'carl', 'ann', 1);
      await s.addContact(appId, 'bob', 'carl', 1);
      await s.addRequest(appId, { requester: 'ann', invitee: 'dan', reason: '', createdAt: 1 });
      await s.addRequest(appId, { requester: 'dan', invitee: 'ann', reason: '', createdAt: 1 });
      await s.block(appId, 'ann', ['eve'], 1);
      await s.block(appId, 'eve', ['ann', 'bob'], 1);
      await s.forgetUser(appId, 'ann');
      assert.deepEqual(await names('ann'), []);
      assert.deepEqual(await names('bob'), ['carl']);
      assert.deepEqual(await names('carl'), ['bob']);
      assert.equal(await s.request(appId, 'ann', 'dan'), undefined);
      assert.equal(await s.request(appId, 'dan', 'ann'), undefined);
      assert.equal(await s.countBlocked(appId, 'ann'), 0);
      assert.deepEqual(
        (await s.blocked(appId, 'eve', undefined, 10)).map((e) => e.username),
        ['bob'],
      );
    });
  });
}
