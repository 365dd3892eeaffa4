// Registration, login (password and token) and the login error codes, against the real server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import AgoraChat, { ConfabError } from '@confab/sdk';
import { uniqueUser, world } from './support/harness.js';
import type { World } from './support/harness.js';

describe('login (real server)', () => {
  let w: World;
  before(async () => {
    w = await world();
  });
  after(() => w.dispose());

  test('registerUser creates a user (POST /users, no auth) and resolves like the official SDK', async () => {
    const username = uniqueUser('reg');
    const res = await w.client().conn.registerUser({ username, password: 'secret', nickname: 'Reg' });
    assert.equal(res.type, 0);
    assert.equal(res.entities[0]?.username, username);
    await assert.rejects(
      w.client().conn.registerUser({ username, password: 'secret' }),
      ConfabError,
      'a duplicate fails',
    );
    await assert.rejects(w.client().conn.registerUser({ username: '', password: 'x' }), { type: -3 });
  });

  test('password login resolves {accessToken, duration}, fires onConnected; close() fires onDisconnected', async () => {
    const creds = await w.user('pw');
    const c = w.client();
    const result = await c.conn.open(creds);
    assert.deepEqual(Object.keys(result).sort(), ['accessToken', 'duration']);
    assert.equal(typeof result.accessToken, 'string');
    assert.ok(result.accessToken.length > 0);
    assert.equal(typeof result.duration, 'number');
    assert.equal(c.of('onConnected').length, 1);
    assert.equal(c.conn.isOpened(), true);
    c.conn.close();
    assert.equal(c.conn.isOpened(), false);
    assert.equal(await c.next('onDisconnected'), undefined);
  });

  test('token login resolves {accessToken} and makes no REST call', async () => {
    const creds = await w.user('tok');
    const first = w.client();
    const { accessToken } = await first.conn.open(creds);
    first.conn.close();
    let fetched = 0;
    const c = w.client({
      fetch: (...args: Parameters<typeof fetch>) => {
        fetched += 1;
        return fetch(...args);
      },
    });
    const result = await c.conn.open({ user: creds.user, accessToken });
    assert.deepEqual(result, { accessToken });
    assert.equal(fetched, 0);
    assert.equal(c.conn.isOpened(), true);
  });

  test('a wrong password rejects with type 1 (login REST failure, official wrapping) and fires onError', async () => {
    const creds = await w.user('bad');
    const c = w.client();
    const err = await c.conn.open({ user: creds.user, pwd: 'wrong' }).then(
      () => assert.fail('login should fail'),
      (e: unknown) => e as ConfabError,
    );
    assert.ok(err instanceof ConfabError);
    assert.equal(err.type, 1);
    assert.ok(err.message.length > 0);
    assert.equal(c.of<ConfabError>('onError')[0]?.type, 1);
    assert.equal(c.conn.isOpened(), false);
  });

  test('a bad token rejects with type 28 (provision status) and fires onError', async () => {
    const creds = await w.user('badtok');
    const c = w.client();
    await assert.rejects(c.conn.open({ user: creds.user, accessToken: 'not-a-real-token' }), { type: 28 });
    assert.equal(c.of<ConfabError>('onError')[0]?.type, 28);
  });

  test('send before login and after close() rejects with 39; nothing is written', async () => {
    const c = w.client();
    const msg = AgoraChat.message.create({ type: 'txt', to: 'nobody', msg: 'x', chatType: 'singleChat' });
    await assert.rejects(c.conn.send(msg), { type: 39, message: 'not login' });
    const creds = await w.user('closed');
    await c.conn.open(creds);
    c.conn.close();
    await assert.rejects(c.conn.send(msg), { type: 39 });
  });

  test('open() parameter errors use the official codes; a second open() gets 208', async () => {
    const c = w.client();
    await assert.rejects(c.conn.open({ user: '', pwd: 'x' }), { type: 0 });
    await assert.rejects(c.conn.open({ user: 'someone' }), { type: 1 });
    await assert.rejects(c.conn.open({ user: 'someone', accessToken: '' }), { type: 1 });
    const creds = await w.user('twice');
    await c.conn.open(creds);
    await assert.rejects(c.conn.open(creds), { type: 208 });
  });

  test('the constructor rejects an appKey without exactly one "#"', () => {
    assert.throws(
      () => new AgoraChat.connection({ appKey: 'no-hash', url: w.srv.wsUrl, apiUrl: w.srv.apiUrl }),
    );
  });
});
