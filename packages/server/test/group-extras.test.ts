// Group announcement, shared files, member attributes and message shields with both SDKs: the official
// requests and answers, the events every member gets (updateAnnouncement / deleteAnnouncement, uploadFile /
// deleteFile, memberAttributesUpdate), the permissions, and Agora's codes (603, 602, 605, 50, 52, 609, 101,
// 222 for a non-member's download).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { closeAllOfficialClients, plain, type OfficialClient } from './support/official-sdk.js';
import { testClients } from './support/test-clients.js';
import { register } from './support/rest.js';
import { appIdOf, makeGroup } from './support/groups.js';

const code = (type: number) => (e: any) => {
  assert.equal(e?.type, type, `expected code ${type}, got ${JSON.stringify(plain(e))}`);
  return true;
};
const op = (operation: string) => ({ predicate: (d: any) => d.operation === operation });
const MAX_FILE = 64 * 1024;

/** The official uploadGroupSharedFile, settled by its callbacks. */
function officialUpload(c: OfficialClient, groupId: string, bytes: Buffer, name: string): Promise<any> {
  return new Promise((resolve, reject) => {
    c.conn.uploadGroupSharedFile({
      groupId,
      file: {
        data: new c.window.File([new Uint8Array(bytes)], name, { type: 'text/plain' }),
        filename: name,
      },
      onFileUploadComplete: (body: unknown) => resolve(plain(body)),
      onFileUploadError: (e: unknown) => reject(Object.assign(new Error('upload failed'), plain(e))),
    });
  });
}

/** The official downloadGroupSharedFile, settled by its callbacks. */
function officialDownload(c: OfficialClient, groupId: string, fileId: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    c.conn.downloadGroupSharedFile({
      groupId,
      fileId,
      onFileDownloadComplete: (blob: any) => {
        (blob as { arrayBuffer(): Promise<ArrayBuffer> })
          .arrayBuffer()
          .then((ab) => resolve(Buffer.from(ab)), reject);
      },
      onFileDownloadError: (e: unknown) => reject(Object.assign(new Error('download failed'), plain(e))),
    });
  });
}

describe('group announcement, shared files, member attributes and shields with both SDKs', () => {
  let env: TestServer;
  const clients = testClients(() => env);
  const { our, official } = clients;

  before(async () => {
    env = await startTestServer({
      limits: {
        groupSharedFileMaxBytes: MAX_FILE,
        groupAnnouncementMaxChars: 20,
        groupMemberAttributesMaxBytes: 64,
        groupMemberAttributesFetchMax: 3,
      },
    });
    for (const u of ['owen', 'adam', 'mia', 'max', 'out']) await register(env, u, 'pw');
  });
  after(async () => {
    clients.closeOurs();
    await closeAllOfficialClients();
    await env.close();
  });

  test('official: announcement set by owner/admin, told to members, read by members; limits and codes', async () => {
    const g = await makeGroup(env, { owner: 'owen', admins: ['adam'], members: ['mia'] });
    await using adam = await official('adam');
    await using mia = await official('mia');
    await using out = await official('out');
    const set = plain<any>(
      await adam.conn.updateGroupAnnouncement({ groupId: g, announcement: 'Party at 8 🎉' }),
    );
    assert.deepEqual(set.data, { id: g, result: true });
    const e = plain<any>(await mia.nextEvent('onGroupEvent', op('updateAnnouncement')));
    assert.deepEqual([e.id, e.from, e.announcement], [g, 'adam', 'Party at 8 🎉']);
    assert.deepEqual(plain<any>(await mia.conn.fetchGroupAnnouncement({ groupId: g })).data, {
      announcement: 'Party at 8 🎉',
    });
    // 20 characters (an emoji is one) pass, 21 do not.
    await adam.conn.updateGroupAnnouncement({ groupId: g, announcement: '🎉'.repeat(20) });
    await assert.rejects(
      adam.conn.updateGroupAnnouncement({ groupId: g, announcement: 'x'.repeat(21) }),
      code(50),
    );
    await assert.rejects(mia.conn.updateGroupAnnouncement({ groupId: g, announcement: 'mine' }), code(603));
    await assert.rejects(out.conn.fetchGroupAnnouncement({ groupId: g }), code(602));
    await assert.rejects(out.conn.fetchGroupAnnouncement({ groupId: '999' }), code(605));
    await adam.conn.updateGroupAnnouncement({ groupId: g, announcement: '' });
    const d = plain<any>(await mia.nextEvent('onGroupEvent', op('deleteAnnouncement')));
    assert.deepEqual([d.id, d.from], [g, 'adam']);
    assert.equal(plain<any>(await mia.conn.fetchGroupAnnouncement({ groupId: g })).data.announcement, '');
  });

  test('official: shared files — upload, told, list, download byte-exact, delete rights, size limit', async () => {
    const g = await makeGroup(env, { owner: 'owen', admins: ['adam'], members: ['mia', 'max'] });
    await using owen = await official('owen');
    await using mia = await official('mia');
    await using max = await official('max');
    await using out = await official('out');
    const bytes = randomBytes(3000);
    const up = await officialUpload(mia, g, bytes, 'notes.txt');
    const f = up.data;
    assert.equal(f.group_id, g);
    assert.equal(f.file_name, 'notes.txt');
    assert.equal(f.file_size, 3000);
    assert.match(f.file_id, /^[0-9a-f-]{36}$/);
    assert.equal(f.file_url, `${env.apiUrl}/${env.org}/${env.app}/chatgroups/${g}/share_files/${f.file_id}`);
    assert.ok(f.created > 0);
    const told = plain<any>(await max.nextEvent('onGroupEvent', op('uploadFile')));
    assert.deepEqual([told.id, told.from], [g, 'mia']);

    const list = plain<any>(await max.conn.getGroupSharedFilelist({ groupId: g, pageNum: 1, pageSize: 10 }));
    assert.deepEqual(list.data, [
      { file_id: f.file_id, file_name: 'notes.txt', file_owner: 'mia', file_size: 3000, created: f.created },
    ]);
    assert.deepEqual(
      plain<any>(await max.conn.fetchGroupSharedFileList({ groupId: g, pageNum: 2, pageSize: 1 })).data,
      [],
    );
    assert.deepEqual(await officialDownload(max, g, f.file_id), bytes);
    // Not a member: no permission (222); an unknown file: a download error (not found).
    await assert.rejects(officialDownload(out, g, f.file_id), code(222));
    await assert.rejects(officialDownload(max, g, 'nope'), code(200));

    // Another member may not delete it; the owner may.
    await assert.rejects(max.conn.deleteGroupSharedFile({ groupId: g, fileId: f.file_id }), code(603));
    const del = plain<any>(await owen.conn.deleteGroupSharedFile({ groupId: g, fileId: f.file_id }));
    assert.deepEqual(del.data, { group_id: g, file_id: f.file_id, result: true });
    const gone = plain<any>(await max.nextEvent('onGroupEvent', op('deleteFile')));
    assert.deepEqual([gone.id, gone.from], [g, 'owen']);
    assert.deepEqual(
      plain<any>(await max.conn.getGroupSharedFilelist({ groupId: g, pageNum: 1, pageSize: 10 })).data,
      [],
    );
    await assert.rejects(owen.conn.deleteGroupSharedFile({ groupId: g, fileId: f.file_id }), code(17));

    // The uploader deletes their own; larger than the limit or not a member: the upload's error callback (101).
    const mine = await officialUpload(max, g, randomBytes(10), 'a.bin');
    await max.conn.deleteGroupSharedFile({ groupId: g, fileId: mine.data.file_id });
    await assert.rejects(officialUpload(max, g, randomBytes(MAX_FILE + 1), 'big.bin'), code(101));
    await assert.rejects(officialUpload(out, g, randomBytes(10), 'x.bin'), code(101));
    assert.deepEqual(
      plain<any>(await max.conn.getGroupSharedFilelist({ groupId: g, pageNum: 1, pageSize: 10 })).data,
      [],
    );
  });

  test('official: member attributes — own set, told to members, read one or many; codes 52, 50, 609', async () => {
    const g = await makeGroup(env, { owner: 'owen', members: ['mia', 'max'] });
    await using owen = await official('owen');
    await using mia = await official('mia');
    await using max = await official('max');
    assert.equal(
      await mia.conn.setGroupMemberAttributes({
        groupId: g,
        userId: 'mia',
        memberAttributes: { nick: 'Mimi' },
      }),
      undefined,
    );
    const e = plain<any>(await max.nextEvent('onGroupEvent', op('memberAttributesUpdate')));
    assert.deepEqual([e.id, e.from, e.userId, e.attributes], [g, 'mia', 'mia', { nick: 'Mimi' }]);
    assert.deepEqual(plain(await max.conn.getGroupMemberAttributes({ groupId: g, userId: 'mia' })), {
      type: 0,
      data: { nick: 'Mimi' },
    });
    // The owner sets anyone's; keys filter a fetch of several members.
    await owen.conn.setGroupMemberAttributes({
      groupId: g,
      userId: 'max',
      memberAttributes: { nick: 'M', role: 'x' },
    });
    assert.deepEqual(
      plain<any>(
        await mia.conn.getGroupMembersAttributes({
          groupId: g,
          userIds: ['mia', 'max', 'owen'],
          keys: ['nick'],
        }),
      ).data,
      { mia: { nick: 'Mimi' }, max: { nick: 'M' } },
    );
    // An empty value removes the key.
    await mia.conn.setGroupMemberAttributes({ groupId: g, userId: 'mia', memberAttributes: { nick: '' } });
    assert.deepEqual(
      plain<any>(await mia.conn.getGroupMemberAttributes({ groupId: g, userId: 'mia' })).data,
      undefined,
    );

    const set = (c: OfficialClient, userId: string, memberAttributes: Record<string, string>) =>
      c.conn.setGroupMemberAttributes({ groupId: g, userId, memberAttributes });
    await assert.rejects(set(mia, 'max', { nick: 'no' }), code(52), 'a member sets only their own');
    await assert.rejects(set(mia, 'mia', { ['k'.repeat(17)]: 'v' }), code(52), 'key over 16 bytes');
    await assert.rejects(set(mia, 'mia', { k: 'v'.repeat(513) }), code(50), 'value over 512 bytes');
    await assert.rejects(
      set(mia, 'mia', { a: 'v'.repeat(40), b: 'v'.repeat(40) }),
      code(50),
      'over 64 bytes in all',
    );
    await assert.rejects(set(owen, 'out', { k: 'v' }), code(609), 'not a member');
    await assert.rejects(
      mia.conn.getGroupMembersAttributes({ groupId: g, userIds: ['a', 'b', 'c', 'd'] }),
      code(50),
    );
    await using out = await official('out');
    // These URLs name no `chatgroups`: a non-member is forbidden (603), an unknown group not found (17).
    await assert.rejects(out.conn.getGroupMemberAttributes({ groupId: g, userId: 'mia' }), code(603));
    await assert.rejects(out.conn.getGroupMemberAttributes({ groupId: '999', userId: 'mia' }), code(17));
    await assert.rejects(out.conn.blockGroupMessages({ groupId: g }), code(603));
  });

  test('official: shields (blockGroupMessage, unblockGroupMessage, legacy blockGroupMessages)', async () => {
    const g = await makeGroup(env, { owner: 'owen', members: ['mia'] });
    await using mia = await official('mia');
    await using out = await official('out');
    const appId = await appIdOf(env);
    const shielded = async () =>
      (await env.server.ctx.storage.mucLists.onList(appId, g, 'shield', ['mia'], Date.now())).length > 0;
    const on = plain<any>(await mia.conn.blockGroupMessage({ groupId: g }));
    assert.deepEqual(on, { type: 0, data: { action: 'shield', groupid: g, result: true, user: 'mia' } });
    assert.equal(await shielded(), true);
    await mia.conn.unblockGroupMessage({ groupId: g });
    assert.equal(await shielded(), false);
    const legacy = plain<any>(await mia.conn.blockGroupMessages({ groupId: g }));
    assert.equal(legacy.entities[0].username, 'mia');
    assert.equal(await shielded(), true);
    await assert.rejects(out.conn.blockGroupMessage({ groupId: g }), code(602));
  });

  test('ours: announcement, files, attributes and shields with the official names, shapes and codes', async () => {
    const g = await makeGroup(env, { owner: 'owen', members: ['mia', 'max'] });
    const owen = await our('owen');
    const mia = await our('mia');
    const out = await our('out');
    assert.deepEqual((await owen.conn.updateGroupAnnouncement({ groupId: g, announcement: 'hi' })).data, {
      id: g,
      result: true,
    });
    assert.equal((await mia.conn.fetchGroupAnnouncement({ groupId: g })).data?.announcement, 'hi');
    await assert.rejects(mia.conn.updateGroupAnnouncement({ groupId: g, announcement: 'x' }), code(603));

    const bytes = randomBytes(500);
    const done = new Promise<any>((resolve, reject) => {
      void mia.conn.uploadGroupSharedFile({
        groupId: g,
        file: { data: new Blob([bytes]), filename: 'b.bin' },
        onFileUploadComplete: resolve,
        onFileUploadError: reject,
      });
    });
    const f = (await done).data;
    assert.equal(f.file_size, 500);
    const list = await owen.conn.getGroupSharedFilelist({ groupId: g, pageNum: 1, pageSize: 10 });
    assert.equal(list.data?.[0]?.file_id, f.file_id);
    const got = await new Promise<Blob>((resolve, reject) => {
      void owen.conn.downloadGroupSharedFile({
        groupId: g,
        fileId: f.file_id,
        onFileDownloadComplete: resolve,
        onFileDownloadError: reject,
      });
    });
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), bytes);
    const denied = await new Promise<any>((resolve) => {
      void out.conn.downloadGroupSharedFile({ groupId: g, fileId: f.file_id, onFileDownloadError: resolve });
    });
    assert.equal(denied.type, 222);
    const refused = await new Promise<any>((resolve) => {
      void out.conn.uploadGroupSharedFile({
        groupId: g,
        file: { data: new Blob([bytes]), filename: 'b.bin' },
        onFileUploadError: resolve,
      });
    });
    assert.equal(refused.type, 101);
    assert.equal(
      (await mia.conn.deleteGroupSharedFile({ groupId: g, fileId: f.file_id })).data?.result,
      true,
    );

    await mia.conn.setGroupMemberAttributes({ groupId: g, userId: 'mia', memberAttributes: { a: '1' } });
    assert.deepEqual(await owen.conn.getGroupMemberAttributes({ groupId: g, userId: 'mia' }), {
      type: 0,
      data: { a: '1' },
    });
    assert.deepEqual(
      (await owen.conn.getGroupMembersAttributes({ groupId: g, userIds: ['mia', 'max'] })).data,
      {
        mia: { a: '1' },
      },
    );
    await assert.rejects(
      mia.conn.setGroupMemberAttributes({ groupId: g, userId: 'max', memberAttributes: { a: '1' } }),
      code(52),
    );
    await assert.rejects(
      mia.conn.setGroupMemberAttributes({
        groupId: g,
        userId: 'mia',
        memberAttributes: { a: 'v'.repeat(513) },
      }),
      code(50),
    );
    await assert.rejects(
      owen.conn.setGroupMemberAttributes({ groupId: g, userId: 'out', memberAttributes: { a: '1' } }),
      code(609),
    );

    assert.equal((await mia.conn.blockGroupMessage({ groupId: g })).type, 0);
    assert.equal((await mia.conn.unblockGroupMessage({ groupId: g })).type, 0);
    assert.equal((await mia.conn.blockGroup({ groupId: g })).type, 0);
    await assert.rejects(out.conn.blockGroupMessage({ groupId: g }), code(602));
  });
});
