// userExists (the web client's check before opening a chat), against the real server: true for a user of
// the app, false for an unknown one, and a rejection (not false) when the answer is something else.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { userExists } from '@confab/sdk';
import { uniqueUser, world } from './support/harness.js';
import type { World } from './support/harness.js';

describe('userExists (real server)', () => {
  let w: World;
  before(async () => {
    w = await world();
  });
  after(() => w.dispose());

  test('true for a user of the app, false for an unknown one', async () => {
    const me = await w.user('ue');
    const other = await w.user('ue-other');
    const c = w.client();
    await c.conn.open(me);
    assert.equal(await userExists(c.conn, other.user), true);
    assert.equal(await userExists(c.conn, me.user), true);
    assert.equal(await userExists(c.conn, uniqueUser('ue-nobody')), false);
    c.conn.close();
  });

  test('other failures reject', async () => {
    const me = await w.user('ue-fail');
    const c = w.client({
      fetch: (...args: Parameters<typeof fetch>) =>
        (typeof args[0] === 'string'
          ? args[0]
          : args[0] instanceof URL
            ? args[0].href
            : args[0].url
        ).includes('/metadata/user/')
          ? Promise.resolve(new Response('{"error":"boom"}', { status: 500 }))
          : fetch(...args),
    });
    await c.conn.open(me);
    await assert.rejects(
      userExists(c.conn, 'anyone'),
      (err: { type?: unknown }) => typeof err.type === 'number',
    );
    c.conn.close();
  });
});
