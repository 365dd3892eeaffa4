// Group mutes with both SDKs: muting members with a duration (expiry in the answer, the list and the
// muteMember event), unmuting, "am I muted", mute-all, and every refusal with Agora's code: a member
// mutes nobody (603), the owner is never muted and admins do not mute admins (603), a non-member (602),
// an unknown group (605), a bad duration (-3), more users than the batch limit (50).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { closeAllOfficialClients, plain } from './support/official-sdk.js';
import { testClients } from './support/test-clients.js';
import { register } from './support/rest.js';
import { makeGroup } from './support/groups.js';

const code = (type: number) => (e: any) => {
  assert.equal(e?.type, type, `expected code ${type}, got ${JSON.stringify(plain(e))}`);
  return true;
};

describe('group mutes with both SDKs', () => {
  let env: TestServer;
  const clients = testClients(() => env);
  const { our, official } = clients;
  const BATCH = 3;

  before(async () => {
    env = await startTestServer({ limits: { groupListBatchMax: BATCH } });
    for (const u of ['owen', 'adam', 'abby', 'mia', 'max', 'nora']) await register(env, u, 'pw');
  });
  after(async () => {
    clients.closeOurs();
    await closeAllOfficialClients();
    await env.close();
  });

  test('official: mute with a duration, the list, the events, isInGroupMutelist, unmute', async () => {
    const g = await makeGroup(env, { owner: 'owen', admins: ['adam'], members: ['mia', 'max'] });
    await using owen = await official('owen');
    await using mia = await official('mia');
    await using max = await official('max');
    const before = Date.now();
    const res = plain<any>(
      await owen.conn.muteGroupMember({ groupId: g, username: 'mia', muteDuration: 60_000 }),
    );
    assert.equal(res.type, 0);
    assert.equal(res.data.length, 1);
    const [row] = res.data;
    assert.equal(row.user, 'mia');
    assert.equal(row.result, true);
    assert.ok(row.expire >= before + 60_000 && row.expire <= Date.now() + 60_000, `expire ${row.expire}`);

    // The muted member and the others hear it, with who and until when.
    for (const c of [mia, max]) {
      const e = plain<any>(
        await c.nextEvent('onGroupEvent', { predicate: (d: any) => d.operation === 'muteMember' }),
      );
      assert.deepEqual([e.id, e.from, e.userId], [g, 'owen', 'mia']);
      assert.deepEqual(e.muteTimestamp, { mia: row.expire });
    }

    const list = plain<any>(await owen.conn.getGroupMuteList({ groupId: g }));
    assert.deepEqual(list.data, [{ expire: row.expire, user: 'mia' }]);
    assert.deepEqual(plain(await mia.conn.isInGroupMutelist({ groupId: g })), { type: 0, data: true });
    assert.deepEqual(plain(await max.conn.isInGroupMutelist({ groupId: g })), { type: 0, data: false });

    const un = plain<any>(await owen.conn.unmuteGroupMember({ groupId: g, username: 'mia' }));
    assert.deepEqual(un.data, [{ user: 'mia', result: true }]);
    const e = plain<any>(
      await max.nextEvent('onGroupEvent', { predicate: (d: any) => d.operation === 'unmuteMember' }),
    );
    assert.deepEqual([e.id, e.from, e.userId], [g, 'owen', 'mia']);
    assert.deepEqual(plain<any>(await owen.conn.getGroupMuteList({ groupId: g })).data, []);
    assert.deepEqual(plain(await mia.conn.isInGroupMutelist({ groupId: g })), { type: 0, data: false });
  });

  test('official: permanent mute (-1), several users at once, and every refusal', async () => {
    const g = await makeGroup(env, {
      owner: 'owen',
      admins: ['adam', 'abby'],
      members: ['mia', 'max', 'nora'],
    });
    await using owen = await official('owen');
    await using adam = await official('adam');
    await using mia = await official('mia');
    const res = plain<any>(
      await adam.conn.muteGroupMember({ groupId: g, username: ['mia', 'max'], muteDuration: -1 }),
    );
    assert.deepEqual(res.data, [
      { result: true, expire: -1, user: 'mia' },
      { result: true, expire: -1, user: 'max' },
    ]);
    assert.deepEqual(
      plain<any>(await owen.conn.getGroupMuteList({ groupId: g }))
        .data.map((r: any) => [r.user, r.expire])
        .sort(),
      [
        ['max', -1],
        ['mia', -1],
      ],
    );
    // A member mutes nobody and cannot read the list.
    await assert.rejects(
      mia.conn.muteGroupMember({ groupId: g, username: 'nora', muteDuration: 1000 }),
      code(603),
    );
    await assert.rejects(mia.conn.getGroupMuteList({ groupId: g }), code(603));
    // The owner is never muted; an admin does not mute an admin (the owner does).
    await assert.rejects(
      adam.conn.muteGroupMember({ groupId: g, username: 'owen', muteDuration: 1000 }),
      code(603),
    );
    await assert.rejects(
      adam.conn.muteGroupMember({ groupId: g, username: 'abby', muteDuration: 1000 }),
      code(603),
    );
    await owen.conn.muteGroupMember({ groupId: g, username: 'abby', muteDuration: 1000 });
    // Someone outside the group, an unknown group, a bad duration, too many users.
    await assert.rejects(
      owen.conn.muteGroupMember({ groupId: g, username: 'nobody', muteDuration: 1000 }),
      code(602),
    );
    await assert.rejects(
      owen.conn.muteGroupMember({ groupId: '999', username: 'mia', muteDuration: 1000 }),
      code(605),
    );
    await assert.rejects(
      owen.conn.muteGroupMember({ groupId: g, username: 'mia', muteDuration: -5 }),
      code(-3),
    );
    await assert.rejects(
      owen.conn.muteGroupMember({ groupId: g, username: ['mia', 'max', 'nora', 'abby'], muteDuration: 1 }),
      code(50),
    );
    // Unmuting several at once (a comma list in the path).
    const un = plain<any>(await owen.conn.unmuteGroupMember({ groupId: g, username: ['mia', 'max'] }));
    assert.deepEqual(un.data, [
      { user: 'mia', result: true },
      { user: 'max', result: true },
    ]);
  });

  test('official: a mute ends by itself at its expiry', async () => {
    const g = await makeGroup(env, { owner: 'owen', members: ['mia'] });
    await using owen = await official('owen');
    await using mia = await official('mia');
    await owen.conn.muteGroupMember({ groupId: g, username: 'mia', muteDuration: 300 });
    assert.equal(plain<any>(await mia.conn.isInGroupMutelist({ groupId: g })).data, true);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(plain<any>(await mia.conn.isInGroupMutelist({ groupId: g })).data, false);
    assert.deepEqual(plain<any>(await owen.conn.getGroupMuteList({ groupId: g })).data, []);
  });

  test('official: mute-all and back, told to every member; members may not', async () => {
    const g = await makeGroup(env, { owner: 'owen', admins: ['adam'], members: ['mia'] });
    await using adam = await official('adam');
    await using mia = await official('mia');
    assert.deepEqual(plain<any>(await adam.conn.disableSendGroupMsg({ groupId: g })).data, { mute: true });
    let e = plain<any>(
      await mia.nextEvent('onGroupEvent', { predicate: (d: any) => d.operation === 'muteAllMembers' }),
    );
    assert.deepEqual([e.id, e.from], [g, 'adam']);
    const stored = await env.server.ctx.storage.mucs.get(
      (await env.server.ctx.findApp(env.org, env.app))!.id,
      g,
    );
    assert.equal(stored?.allMuted, true);
    await assert.rejects(mia.conn.enableSendGroupMsg({ groupId: g }), code(603));
    assert.deepEqual(plain<any>(await adam.conn.enableSendGroupMsg({ groupId: g })).data, { mute: false });
    e = plain<any>(
      await mia.nextEvent('onGroupEvent', { predicate: (d: any) => d.operation === 'unmuteAllMembers' }),
    );
    assert.deepEqual([e.id, e.from], [g, 'adam']);
  });

  test('ours: the same calls with the official names, shapes and codes', async () => {
    const g = await makeGroup(env, { owner: 'owen', admins: ['adam'], members: ['mia', 'max'] });
    const owen = await our('owen');
    const mia = await our('mia');
    const res = await owen.conn.mute({ groupId: g, username: 'mia', muteDuration: 5000 });
    assert.equal(res.type, 0);
    assert.equal(res.data?.[0]?.user, 'mia');
    assert.equal((await owen.conn.getMuted({ groupId: g })).data?.[0]?.user, 'mia');
    assert.deepEqual(await mia.conn.isInGroupMutelist({ groupId: g }), { type: 0, data: true });
    let seen: unknown;
    await owen.conn.removeMute({ groupId: g, username: 'mia', success: (r) => (seen = r) });
    assert.equal((seen as any).type, 0, 'success callback');
    assert.deepEqual((await owen.conn.getGroupMutelist({ groupId: g })).data, []);
    await assert.rejects(
      mia.conn.muteGroupMember({ groupId: g, username: 'max', muteDuration: 1 }),
      code(603),
    );
    await assert.rejects(
      owen.conn.muteGroupMember({ groupId: g, username: 'owen', muteDuration: 1 }),
      code(603),
    );
    await assert.rejects(
      owen.conn.muteGroupMember({ groupId: g, username: 'nora', muteDuration: 1 }),
      code(602),
    );
    await assert.rejects(owen.conn.getGroupMuteList({ groupId: '999' }), code(605));
    await assert.rejects(
      owen.conn.muteGroupMember({ groupId: g, username: 'max', muteDuration: 1.5 }),
      code(-3),
    );
    let failed: unknown;
    await assert.rejects(
      owen.conn.unmuteGroupMember({ groupId: g, username: ['a', 'b', 'c', 'd'], error: (e) => (failed = e) }),
      code(50),
    );
    assert.equal((failed as any)?.type, 50, 'error callback');
    assert.deepEqual((await owen.conn.disableSendGroupMsg({ groupId: g })).data, { mute: true });
    assert.deepEqual((await owen.conn.enableSendGroupMsg({ groupId: g })).data, { mute: false });
    await assert.rejects(mia.conn.disableSendGroupMsg({ groupId: g }), code(603));
  });
});
