// What onGroupEvent shows, with the official SDK and with ours, for each group operation of the core
// use cases, driven by real calls: create (the creator's other device, not the acting one), directJoined, memberPresence
// and memberAbsence with the member count, updateInfo with its detail, setAdmin / removeAdmin,
// changeOwner, removeMember, requestToJoin, acceptRequest, joinPublicGroupDeclined, inviteToJoin,
// acceptInvite, rejectInvite, destroy; an offline user gets theirs at the next login.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, appCall, createUsers } from './support/accounts.js';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { recordingClient } from './support/our-client.js';

type Kind = 'official' | 'ours';

/** One logged-in device of either SDK, with its onGroupEvent payloads. */
interface Device {
  conn: any;
  /** The next onGroupEvent of that operation (and group), as a plain object. */
  next(operation: string, id?: string): Promise<Record<string, unknown>>;
  /** Every onGroupEvent so far. */
  events(): any[];
  close(): void;
}

for (const kind of ['official', 'ours'] as Kind[])
  describe(`onGroupEvent with the ${kind} SDK`, () => {
    let env: TestServer;
    let admin: string;
    const opened: Device[] = [];

    before(async () => {
      env = await startTestServer();
      admin = await adminToken(env, env.clientId, env.clientSecret);
      await createUsers(env, admin, ['ann', 'bob', 'cat', 'dan']);
    });
    after(async () => {
      for (const d of opened) d.close();
      await closeAllOfficialClients();
      await env.close();
    });

    const matches = (operation: string, id?: string) => (e: any) =>
      e.operation === operation && (id === undefined || e.id === id);

    async function device(user: string): Promise<Device> {
      const address = { appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl };
      if (kind === 'ours') {
        const c = recordingClient(address);
        await c.conn.open({ user, pwd: 'pw' });
        const d: Device = {
          conn: c.conn,
          next: async (operation, id) => plain(await c.next('onGroupEvent', matches(operation, id))),
          events: () => c.all('onGroupEvent'),
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
        next: async (operation, id) =>
          plain(await c.nextEvent('onGroupEvent', { predicate: matches(operation, id) })),
        events: () => c.events('onGroupEvent'),
        close: () => void c.close(),
      };
    }
    const next = (d: Device, operation: string, id?: string) => d.next(operation, id);
    const conn = (d: Device) => d.conn;

    test('every core operation reaches the right users with the fields the SDK reads', async () => {
      const ann1 = await device('ann');
      const ann2 = await device('ann');
      const bob = await device('bob');
      const cat = await device('cat');

      const created: any = await conn(ann1).createGroupVNext({
        groupName: 'ev',
        isPublic: true,
        allowMemberToInvite: true,
        inviteNeedConfirm: false,
        members: ['bob'],
      });
      const g: string = created.data.groupId;
      assert.deepEqual(await next(ann2, 'create'), { operation: 'create', id: g, from: 'ann' });
      assert.deepEqual(await next(bob, 'directJoined'), {
        operation: 'directJoined',
        id: g,
        from: 'ann',
        name: 'ev',
      });

      await conn(cat).joinGroup({ groupId: g, message: '' });
      const presence = { operation: 'memberPresence', id: g, from: 'cat', memberCount: 3 };
      assert.deepEqual(await next(bob, 'memberPresence'), presence);
      assert.deepEqual(await next(ann1, 'memberPresence'), presence);

      await conn(ann1).modifyGroup({ groupId: g, groupName: 'ev2', description: 'dd' });
      const update: any = await next(bob, 'updateInfo');
      assert.deepEqual(
        { ...update, detail: { ...update.detail, lastModified: 0 } },
        {
          operation: 'updateInfo',
          id: g,
          from: 'ann',
          detail: { name: 'ev2', description: 'dd', lastModified: 0 },
        },
      );
      assert.equal(typeof update.detail.lastModified, 'number');

      await conn(ann1).setGroupAdmin({ groupId: g, username: 'bob' });
      assert.deepEqual(await next(cat, 'setAdmin'), {
        operation: 'setAdmin',
        id: g,
        from: 'ann',
        userId: 'bob',
      });
      await conn(ann1).removeGroupAdmin({ groupId: g, username: 'bob' });
      assert.deepEqual(await next(cat, 'removeAdmin'), { operation: 'removeAdmin', id: g, from: 'ann' });

      await conn(ann1).changeGroupOwner({ groupId: g, newOwner: 'bob' });
      assert.deepEqual(await next(cat, 'changeOwner'), { operation: 'changeOwner', id: g, from: 'ann' });
      // The actor's other device hears it too.
      assert.deepEqual(await next(ann2, 'changeOwner'), { operation: 'changeOwner', id: g, from: 'ann' });
      await conn(bob).changeGroupOwner({ groupId: g, newOwner: 'ann' });
      assert.deepEqual(await next(ann2, 'changeOwner'), { operation: 'changeOwner', id: g, from: 'bob' });

      await conn(ann1).removeGroupMember({ groupId: g, username: 'cat' });
      assert.deepEqual(await next(cat, 'removeMember'), { operation: 'removeMember', id: g, from: 'ann' });
      assert.deepEqual(await next(bob, 'memberAbsence'), {
        operation: 'memberAbsence',
        id: g,
        from: 'cat',
        memberCount: 2,
      });
      await conn(cat).joinGroup({ groupId: g, message: '' });
      await next(bob, 'memberPresence');
      await conn(cat).leaveGroup({ groupId: g });
      assert.deepEqual(await next(ann1, 'memberAbsence'), {
        operation: 'memberAbsence',
        id: g,
        from: 'cat',
        memberCount: 2,
      });

      // Join requests: the owner's devices hear them; the applicant hears the answer.
      const vetted = (
        await appCall(env, 'POST', '/chatgroups', admin, {
          groupname: 'vetted',
          owner: 'ann',
          public: true,
          membersonly: true,
        })
      ).body.data.groupid as string;
      await conn(cat).joinGroup({ groupId: vetted, message: 'pls' });
      const request = { operation: 'requestToJoin', id: vetted, from: 'cat', reason: 'pls' };
      assert.deepEqual(await next(ann1, 'requestToJoin'), request);
      assert.deepEqual(await next(ann2, 'requestToJoin'), request);
      await conn(ann1).acceptGroupJoinRequest({ groupId: vetted, applicant: 'cat' });
      assert.deepEqual(await next(cat, 'acceptRequest'), {
        operation: 'acceptRequest',
        id: vetted,
        from: 'ann',
      });
      await conn(bob).joinGroup({ groupId: vetted, message: '' });
      await next(ann1, 'requestToJoin', vetted);
      await conn(ann1).rejectGroupJoinRequest({ groupId: vetted, applicant: 'bob', reason: 'no' });
      assert.deepEqual(await next(bob, 'joinPublicGroupDeclined'), {
        operation: 'joinPublicGroupDeclined',
        id: vetted,
        from: 'ann',
        userId: 'bob',
      });

      // Invitations: the invitee is asked; the inviter hears the answer.
      const asked = (await conn(ann1).createGroupVNext({ groupName: 'asked', inviteNeedConfirm: true })).data
        .groupId as string;
      await conn(ann1).inviteUsersToGroup({ groupId: asked, users: ['cat'] });
      assert.deepEqual(await next(cat, 'inviteToJoin'), {
        operation: 'inviteToJoin',
        id: asked,
        from: 'ann',
        name: 'asked',
      });
      await conn(cat).acceptGroupInvite({ groupId: asked, invitee: 'cat' });
      assert.deepEqual(await next(ann1, 'acceptInvite'), {
        operation: 'acceptInvite',
        id: asked,
        from: 'cat',
      });
      await conn(ann1).inviteUsersToGroup({ groupId: asked, users: ['bob'] });
      await next(bob, 'inviteToJoin', asked);
      await conn(bob).rejectGroupInvite({ groupId: asked, invitee: 'bob' });
      assert.deepEqual(await next(ann2, 'rejectInvite'), {
        operation: 'rejectInvite',
        id: asked,
        from: 'bob',
      });

      // Destroy: every member hears it.
      await conn(ann1).destroyGroup({ groupId: g });
      assert.deepEqual(await next(bob, 'destroy', g), { operation: 'destroy', id: g, from: 'ann' });

      // The acting device is never told about its own action (the group the app server made for ann is
      // no action of hers: all her devices hear of it).
      const own = ann1.events().map((e: any) => `${e.operation}:${e.id}`);
      for (const mine of [`create:${g}`, `create:${asked}`, `destroy:${g}`])
        assert.ok(!own.includes(mine), mine);
      assert.ok(own.includes(`create:${vetted}`));
    });

    test('an offline member gets the event at the next login', async () => {
      const ann = await device('ann');
      const created: any = await conn(ann).createGroupVNext({
        groupName: 'later',
        members: ['dan'],
        inviteNeedConfirm: false,
      });
      const dan = await device('dan');
      assert.deepEqual(await next(dan, 'directJoined', created.data.groupId), {
        operation: 'directJoined',
        id: created.data.groupId,
        from: 'ann',
        name: 'later',
      });
    });
  });
