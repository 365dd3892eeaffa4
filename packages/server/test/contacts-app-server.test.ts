// The app server's contact and blocklist API (REST spec §3 "Contacts", "Blocklist") and the limits
// (agora-rest-api.md §4, here lowered): direct add and delete, the paged list, the blocklist with pages
// and a removal named in the path, and the codes the official SDK reads from each refusal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { codeFromHttp } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, appCall, createUsers, type Reply } from './support/accounts.js';
import { login } from './support/rest.js';

/** The SDK code the official mapper reads from a refusal of `path`. */
const sdkCode = (r: Reply, path: string) =>
  codeFromHttp(r.status, JSON.stringify(r.body), `http://h/o/a${path}`).type;

describe('contacts and blocklists: app-server API and limits', () => {
  let env: TestServer;
  let admin: string;
  const api = (method: string, path: string, body?: unknown, token = admin) =>
    appCall(env, method, path, token, body);

  before(async () => {
    env = await startTestServer({
      limits: { contactsMax: 2, blocklistMax: 3, blocklistAddMax: 2, contactRemarkMaxChars: 5 },
    });
    admin = await adminToken(env, env.clientId, env.clientSecret);
    await createUsers(env, admin, ['ann', 'bob', 'cat', 'dan', 'eve']);
  });
  after(() => env.close());

  test('direct add, paged list, delete; the contacts limit is 50 for the SDK', async () => {
    assert.equal((await api('POST', '/users/ann/contacts/users/bob')).status, 200);
    assert.equal((await api('POST', '/users/ann/contacts/users/bob')).status, 200, 'again: no change');
    assert.equal((await api('POST', '/users/cat/contacts/users/ann')).status, 200);
    const full = await api('POST', '/users/ann/contacts/users/dan');
    assert.equal(sdkCode(full, '/users/ann/contacts/users/dan'), 50);
    const request = await api('POST', '/users/ann/contacts/apply', { usernames: ['eve'], reason: '' });
    assert.equal(sdkCode(request, '/users/ann/contacts/apply'), 50);

    const page1 = await api('GET', '/user/ann/contacts?limit=1');
    assert.equal(page1.status, 200);
    assert.deepEqual(page1.body.data.contacts, [{ username: 'bob', remark: '' }]);
    const page2 = await api('GET', `/user/ann/contacts?limit=1&cursor=${page1.body.data.cursor}`);
    assert.deepEqual(page2.body.data, { contacts: [{ username: 'cat', remark: '' }], cursor: '' });
    assert.equal(sdkCode(await api('GET', '/user/ann/contacts?limit=51'), '/user/ann/contacts'), -3);
    assert.deepEqual((await api('GET', '/users/bob/contacts/users')).body.data, ['ann']);

    const long = await api('PUT', '/users/ann/contacts/users/bob', { remark: 'toolong' });
    assert.equal(sdkCode(long, '/users/ann/contacts/users/bob'), 50);
    const stranger = await api('PUT', '/users/ann/contacts/users/dan', { remark: 'x' });
    assert.equal(sdkCode(stranger, '/users/ann/contacts/users/dan'), 221);
    assert.equal(sdkCode(await api('POST', '/users/ann/contacts/users/nobody'), '/users/x'), 204);

    assert.equal((await api('DELETE', '/users/bob/contacts/users/ann')).status, 200);
    assert.deepEqual((await api('GET', '/users/ann/contacts/users')).body.data, ['cat']);
    // A user may not add contacts without a request.
    const own = await api('POST', '/users/dan/contacts/users/eve', undefined, await login(env, 'dan', 'pw'));
    assert.equal(own.status, 403);
  });

  test('blocklist: add (at most 2 per call, 3 in all), pages, removal named in the path', async () => {
    const add = await api('POST', '/users/eve/blocks/users', { usernames: ['ann', 'bob'] });
    assert.equal(add.status, 200);
    assert.deepEqual(add.body.data, ['ann', 'bob']);
    const many = await api('POST', '/users/eve/blocks/users', { usernames: ['cat', 'dan', 'ann'] });
    assert.equal(sdkCode(many, '/users/eve/blocks/users'), 50);
    assert.equal((await api('POST', '/users/eve/blocks/users', { usernames: ['cat'] })).status, 200);
    const over = await api('POST', '/sdk/user/eve/blocks', { usernames: ['dan'] });
    assert.equal(sdkCode(over, '/sdk/user/eve/blocks'), 50);
    const unknown = await api('POST', '/users/eve/blocks/users', { usernames: ['nobody'] });
    assert.equal(sdkCode(unknown, '/users/eve/blocks/users'), 204);

    assert.deepEqual((await api('GET', '/users/eve/blocks/users')).body.data, ['ann', 'bob', 'cat']);
    const p1 = await api('GET', '/users/eve/blocks/users?pageSize=2');
    assert.deepEqual(p1.body.data, ['ann', 'bob']);
    const p2 = await api('GET', `/users/eve/blocks/users?pageSize=2&cursor=${p1.body.cursor}`);
    assert.deepEqual([p2.body.data, p2.body.cursor], [['cat'], '']);

    assert.equal((await api('DELETE', '/users/eve/blocks/users/bob')).status, 200);
    assert.equal((await api('DELETE', '/sdk/user/eve/blocks', { usernames: ['cat'] })).status, 200);
    assert.deepEqual((await api('GET', '/users/eve/blocks/users')).body.data, ['ann']);
  });

  test("a deleted user's contacts and blocks are gone, also for a new account of the same name", async () => {
    assert.deepEqual((await api('GET', '/users/ann/contacts/users')).body.data, ['cat']);
    assert.equal((await api('DELETE', '/users/ann')).status, 200);
    assert.deepEqual((await api('GET', '/users/cat/contacts/users')).body.data, []);
    assert.deepEqual((await api('GET', '/users/eve/blocks/users')).body.data, []);
    await createUsers(env, admin, ['ann']);
    assert.deepEqual((await api('GET', '/users/ann/contacts/users')).body.data, []);
  });
});
