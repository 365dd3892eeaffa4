// Contacts, friend requests and the blocklist with the official SDK and with ours, driven by real calls:
// a request reaches the invitee online (onContactInvited with its text) and an offline invitee at the next
// login; accepting tells the requester's devices (onContactAgreed) and the accepter's (onContactAdded);
// declining and deleting tell the other side and the actor's other devices; lists, cursor pages and
// remarks; the blocklist refuses a blocked user's messages with 603 and delivers nothing, while the
// blocker can still write; an app where only contacts may message refuses a stranger with 221.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, appCall, call, createUsers } from './support/accounts.js';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { recordingClient } from './support/our-client.js';

type Kind = 'official' | 'ours';

/** One logged-in device of either SDK, with its contact events. */
interface Device {
  conn: any;
  /** The next event of that name (from `from`, if given), as a plain object. */
  next(event: string, from?: string): Promise<Record<string, unknown>>;
  /** Every event of that name so far. */
  all(event: string): unknown[];
  /** Every text message received so far. */
  texts(): string[];
  send(to: string, msg: string): Promise<unknown>;
  close(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rejection(p: Promise<unknown>): Promise<{ type?: number; message?: string }> {
  try {
    await p;
  } catch (error) {
    return plain(error);
  }
  assert.fail('expected a rejection');
}

for (const kind of ['official', 'ours'] as Kind[])
  describe(`contacts and blocklist with the ${kind} SDK`, () => {
    let env: TestServer;
    let admin: string;
    const opened: Device[] = [];

    before(async () => {
      env = await startTestServer();
      admin = await adminToken(env, env.clientId, env.clientSecret);
      await createUsers(env, admin, ['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus']);
    });
    after(async () => {
      for (const d of opened) d.close();
      await closeAllOfficialClients();
      await env.close();
    });

    async function device(user: string, appKey = env.appKey): Promise<Device> {
      const address = { appKey, url: env.wsUrl, apiUrl: env.apiUrl };
      const byFrom = (from?: string) => (e: any) => from === undefined || e.from === from;
      if (kind === 'ours') {
        const c = recordingClient(address);
        await c.conn.open({ user, pwd: 'pw' });
        const d: Device = {
          conn: c.conn,
          next: async (event, from) => plain(await c.next(event, byFrom(from))),
          all: (event) => c.all(event),
          texts: () => c.all('onTextMessage').map((m: any) => m.msg),
          send: (to, msg) =>
            c.conn.send(OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to, msg })),
          close: () => c.conn.close(),
        };
        opened.push(d);
        return d;
      }
      const c = createOfficialClient(address);
      await c.conn.open({ user, pwd: 'pw' });
      await c.nextEvent('onConnected');
      return {
        conn: c.conn,
        next: async (event, from) => plain(await c.nextEvent(event, { predicate: byFrom(from) })),
        all: (event) => c.events(event),
        texts: () => c.events('onTextMessage').map((m: any) => m.msg),
        send: (to, msg) =>
          c.conn.send(c.sdk.message.create({ type: 'txt', chatType: 'singleChat', to, msg })),
        close: () => void c.close(),
      };
    }

    test('request, accept: the invitee, the requester and the accepter are told; both list each other', async () => {
      const ann1 = await device('ann');
      const ann2 = await device('ann');
      const bob = await device('bob');

      assert.equal(await ann1.conn.addContact('bob', 'hi bob'), undefined);
      assert.deepEqual(await bob.next('onContactInvited'), {
        type: 'subscribe',
        from: 'ann',
        to: 'bob',
        status: 'hi bob',
      });
      await bob.conn.acceptContactInvite('ann');
      const agreed = { type: 'subscribed', from: 'bob', to: 'ann', status: '' };
      assert.deepEqual(await ann1.next('onContactAgreed'), agreed);
      assert.deepEqual(await ann2.next('onContactAgreed'), agreed);
      assert.deepEqual(await bob.next('onContactAdded'), {
        type: 'subscribed',
        from: 'ann',
        to: 'bob',
        status: '',
      });

      assert.deepEqual(plain<any>(await ann1.conn.getContacts()).data, ['bob']);
      assert.deepEqual(plain<any>(await bob.conn.getContacts()).data, ['ann']);
      // The legacy success callback gets roster items.
      const roster = await new Promise<any[]>((resolve, reject) => {
        bob.conn.getContacts({ success: resolve, error: reject });
      });
      assert.deepEqual(
        plain<any[]>(roster).map((r) => [r.name, r.subscription, r.jid.name]),
        [['ann', 'both', 'bob']],
      );
      await ann2.conn.setContactRemark({ userId: 'bob', remark: 'Bobby' });
      assert.deepEqual(plain<any>(await ann1.conn.getAllContacts()).data, [
        { userId: 'bob', remark: 'Bobby' },
      ]);
      assert.deepEqual(plain<any>(await bob.conn.getAllContacts()).data, [{ userId: 'ann', remark: '' }]);
      const notFriend = await rejection(ann1.conn.setContactRemark({ userId: 'cat', remark: 'x' }));
      assert.equal(notFriend.type, 221);

      // deleteContact: the other side and the actor's other device hear of it, the acting device does not.
      await ann1.conn.deleteContact('bob');
      assert.deepEqual(await bob.next('onContactDeleted'), {
        type: 'unsubscribed',
        from: 'ann',
        to: 'bob',
        status: '',
      });
      assert.deepEqual(await ann2.next('onContactDeleted'), {
        type: 'unsubscribed',
        from: 'bob',
        to: 'ann',
        status: '',
      });
      await sleep(100);
      assert.deepEqual(ann1.all('onContactDeleted'), [], 'the acting device is not told');
      assert.deepEqual(ann1.all('onContactInvited'), []);
      assert.deepEqual(plain<any>(await bob.conn.getContacts()).data, []);
      for (const d of [ann1, ann2, bob]) d.close();
    });

    test("decline: the requester is refused; the decliner's other device hears of it", async () => {
      const cat = await device('cat');
      const dan1 = await device('dan');
      const dan2 = await device('dan');
      await cat.conn.addContact('dan', 'hello');
      await dan1.next('onContactInvited', 'cat');
      await dan2.next('onContactInvited', 'cat');
      await dan1.conn.declineContactInvite('cat');
      assert.deepEqual(await cat.next('onContactRefuse'), {
        type: 'unsubscribed',
        from: 'dan',
        to: 'cat',
        status: '',
      });
      assert.deepEqual(await dan2.next('onContactRefuse'), {
        type: 'unsubscribed',
        from: 'cat',
        to: 'dan',
        status: '',
      });
      // Nothing left to answer; nobody to ask.
      assert.equal((await rejection(dan1.conn.acceptInvitation('cat'))).type, -3);
      assert.equal((await rejection(cat.conn.addContact('nobody', ''))).type, 204);
      for (const d of [cat, dan1, dan2]) d.close();
    });

    test('an offline invitee gets the request at the next login; cursor pages of contacts', async () => {
      const eve = await device('eve');
      await eve.conn.addContact('fay', 'see you');
      const fay = await device('fay');
      assert.deepEqual(await fay.next('onContactInvited'), {
        type: 'subscribe',
        from: 'eve',
        to: 'fay',
        status: 'see you',
      });
      await fay.conn.acceptInvitation('eve');
      await eve.next('onContactAgreed', 'fay');
      // The app server adds two more contacts of eve at once.
      for (const u of ['gus', 'ann']) {
        const r = await appCall(env, 'POST', `/users/eve/contacts/users/${u}`, admin);
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
      assert.deepEqual((await eve.next('onContactAdded', 'gus')).to, 'eve');
      const first = plain<any>(await eve.conn.getContactsWithCursor({ pageSize: 2, cursor: '' }));
      assert.deepEqual(
        first.data.contacts.map((c: any) => c.userId),
        ['ann', 'fay'],
      );
      assert.notEqual(first.data.cursor, '');
      const second = plain<any>(
        await eve.conn.getContactsWithCursor({ pageSize: 2, cursor: first.data.cursor }),
      );
      assert.deepEqual(second.data, { cursor: '', contacts: [{ userId: 'gus', remark: '' }] });
      eve.close();
      fay.close();
    });

    test("blocklist: a blocked user's message is refused with 603 and not delivered; the blocker still writes", async () => {
      const gus = await device('gus');
      const cat = await device('cat');
      const added = plain<any>(await gus.conn.addUsersToBlocklist({ name: ['cat'] }));
      assert.deepEqual(added.data, { userIds: ['cat'] });
      assert.deepEqual(plain<any>(await gus.conn.getBlocklist()).data, ['cat']);
      assert.deepEqual(plain<any>(await gus.conn.getBlacklist()).data, ['cat']);

      const refused = await rejection(cat.send('gus', 'let me talk'));
      assert.equal(refused.type, 603);
      await gus.send('cat', 'I can talk');
      await sleep(300);
      assert.deepEqual(cat.texts(), ['I can talk']);
      assert.deepEqual(gus.texts(), [], 'nothing of the blocked user was delivered');

      await gus.conn.removeUserFromBlocklist({ name: 'cat' });
      assert.deepEqual(plain<any>(await gus.conn.getBlocklist()).data, []);
      await cat.send('gus', 'now you hear me');
      await sleep(300);
      assert.deepEqual(gus.texts(), ['now you hear me']);
      gus.close();
      cat.close();
    });

    test('an app where only contacts may message refuses strangers with 221', async () => {
      const created = await call('POST', `${env.apiUrl}/management/apps`, env.adminToken, {
        org: 'acme',
        name: `strict${kind}`,
        settings: { contactsOnly: true },
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const strict = { apiUrl: env.apiUrl, wsUrl: env.wsUrl, org: 'acme', app: `strict${kind}` };
      const strictAdmin = await adminToken(strict, created.body.clientId, created.body.clientSecret);
      await createUsers(strict, strictAdmin, ['ann', 'bob']);
      const ann = await device('ann', `acme#strict${kind}`);
      const bob = await device('bob', `acme#strict${kind}`);
      assert.equal((await rejection(ann.send('bob', 'stranger'))).type, 221);
      await ann.conn.addContact('bob', '');
      await bob.next('onContactInvited', 'ann');
      await bob.conn.acceptInvitation('ann');
      await ann.next('onContactAgreed', 'bob');
      await ann.send('bob', 'friend');
      await sleep(300);
      assert.deepEqual(bob.texts(), ['friend']);
      ann.close();
      bob.close();
    });
  });
