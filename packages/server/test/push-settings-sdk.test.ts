// Push settings and silent mode with the official SDK and with ours, by real calls: uploadPushToken /
// uploadToken bind a device token (entities[0].pushInfo), unbindPushToken removes it; setSilentModeForAll
// (remind type, duration, quiet hours), per conversation (set, get, clear), several at once, the paged
// remind-type list, push language; bad values are refused; every change reaches the user's other device
// as onMultiDeviceEvent and not the acting one. The app server reads the same settings with its token.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ErrorCode } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, appCall, createUsers, sleep } from './support/accounts.js';
import {
  closeAllOfficialClients,
  createOfficialClient,
  inWindowRealm,
  plain,
} from './support/official-sdk.js';
import { recordingClient } from './support/our-client.js';

type Kind = 'official' | 'ours';

interface Device {
  conn: any;
  next(event: string, predicate?: (e: any) => boolean): Promise<Record<string, any>>;
  all(event: string): unknown[];
  close(): void;
}

async function rejection(p: () => Promise<unknown>): Promise<{ type?: number; message?: string }> {
  try {
    await p();
  } catch (error) {
    return plain(error);
  }
  assert.fail('expected a rejection');
}

for (const kind of ['official', 'ours'] as Kind[])
  describe(`push settings and silent mode with the ${kind} SDK`, () => {
    let env: TestServer;
    let admin: string;
    const opened: Device[] = [];

    before(async () => {
      env = await startTestServer();
      admin = await adminToken(env, env.clientId, env.clientSecret);
      await createUsers(env, admin, ['ann', 'bob', 'cat']);
    });
    after(async () => {
      for (const d of opened) d.close();
      await closeAllOfficialClients();
      await env.close();
    });

    async function device(user: string): Promise<Device> {
      const address = { appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl };
      if (kind === 'ours') {
        const c = recordingClient(address);
        await c.conn.open({ user, pwd: 'pw' });
        const d: Device = {
          conn: c.conn,
          next: async (event, predicate) => plain(await c.next(event, predicate)),
          all: (event) => c.all(event),
          close: () => c.conn.close(),
        };
        opened.push(d);
        return d;
      }
      const c = createOfficialClient(address);
      await c.conn.open({ user, pwd: 'pw' });
      await c.nextEvent('onConnected');
      // The SDK checks silent-mode options with `instanceof Object`: arguments go in the window's realm.
      const conn = new Proxy(c.conn as any, {
        get: (target, key) => {
          const v = target[key];
          return typeof v === 'function'
            ? (...args: unknown[]) =>
                v.apply(
                  target,
                  args.map((a) => inWindowRealm(c.window, a)),
                )
            : v;
        },
      });
      return {
        conn,
        next: async (event, predicate) => plain(await c.nextEvent(event, predicate ? { predicate } : {})),
        all: (event) => c.events(event),
        close: () => void c.close(),
      };
    }

    test('device token: bind, rebind, unbind', async () => {
      const ann = await device('ann');
      const bound: any = plain(
        await ann.conn.uploadPushToken({ deviceId: 'd1', deviceToken: 'tok-1', notifierName: 'fcm-cert' }),
      );
      assert.equal(bound.type, 0);
      assert.equal(bound.data.username, 'ann');
      assert.deepEqual(bound.data.pushInfo, [
        { device_Id: 'd1', device_token: 'tok-1', notifier_name: 'fcm-cert' },
      ]);
      const again: any = plain(
        await ann.conn.uploadToken({ deviceId: 'd1', deviceToken: 'tok-2', notifierName: 'fcm-cert' }),
      );
      assert.deepEqual(again.data.pushInfo, [
        { device_Id: 'd1', device_token: 'tok-2', notifier_name: 'fcm-cert' },
      ]);
      // unbindPushToken names this device (its resource): bind one for it first.
      const resource = kind === 'ours' ? ann.conn.clientResource : ann.conn.clientResource;
      await ann.conn.uploadPushToken({ deviceId: resource, deviceToken: 'tok-r', notifierName: 'fcm-cert' });
      const unbound: any = plain(await ann.conn.unbindPushToken());
      assert.deepEqual(
        unbound.data.pushInfo.map((p: any) => p.device_Id),
        ['d1'],
        'only the unbound device is gone',
      );
      ann.close();
    });

    test('app-wide: remind type, duration, quiet hours; other device told, acting one not', async () => {
      const bob1 = await device('bob');
      const bob2 = await device('bob');
      const set: any = plain(
        await bob1.conn.setSilentModeForAll({ options: { paramType: 0, remindType: 'AT' } }),
      );
      assert.deepEqual(set.data, { type: 'AT', ignoreDuration: 0, ignoreInterval: '' });
      const told = await bob2.next('onMultiDeviceEvent', (e) => e.operation === 'setSilentModeForUser');
      assert.deepEqual(told, {
        operation: 'setSilentModeForUser',
        resource: bob1.conn.clientResource,
        data: { type: 'AT', ignoreDuration: 0, ignoreInterval: '' },
      });

      const before = Date.now();
      const dur: any = plain(
        await bob1.conn.setSilentModeForAll({ options: { paramType: 1, duration: 60_000 } }),
      );
      assert.ok(dur.data.ignoreDuration >= before + 60_000 && dur.data.ignoreDuration < before + 70_000);
      assert.equal(dur.data.type, 'AT', 'one field at a time');
      const quiet: any = plain(
        await bob1.conn.setSilentModeForAll({
          options: {
            paramType: 2,
            startTime: { hours: 22, minutes: 30 },
            endTime: { hours: 7, minutes: 15 },
          },
        }),
      );
      assert.equal(quiet.data.ignoreInterval, '22:30-7:15');
      const got: any = plain(await bob2.conn.getSilentModeForAll());
      assert.deepEqual(got.data, quiet.data);

      // The server checks what the SDK lets through.
      const badType = await rejection(() =>
        bob1.conn.setSilentModeForAll({ options: { paramType: 0, remindType: 'LOUD' } }),
      );
      assert.equal(badType.type, ErrorCode.REQUEST_PARAMETER_ERROR);
      const badHour = await rejection(() =>
        bob1.conn.setSilentModeForAll({
          options: { paramType: 2, startTime: { hours: 25, minutes: 1 }, endTime: { hours: 7, minutes: 1 } },
        }),
      );
      assert.equal(badHour.type, badType.type, 'same code for every bad value');
      const tooLong = await rejection(() =>
        bob1.conn.setSilentModeForAll({ options: { paramType: 1, duration: 604_800_001 } }),
      );
      assert.equal(tooLong.type, badType.type);
      await sleep(200);
      assert.equal(
        bob1.all('onMultiDeviceEvent').length,
        0,
        'the acting device is not told of its own changes',
      );
      assert.equal(bob2.all('onMultiDeviceEvent').length, 3);

      // The app server reads the same setting.
      const rest = await appCall(env, 'GET', '/users/bob/notification/user/bob', admin);
      assert.equal(rest.status, 200);
      assert.equal(rest.body.data.ignoreInterval, '22:30-7:15');
      bob1.close();
      bob2.close();
    });

    test('per conversation: set, get, several, clear, paged remind types, language', async () => {
      const cat1 = await device('cat');
      const cat2 = await device('cat');
      const one: any = plain(
        await cat1.conn.setSilentModeForConversation({
          conversationId: 'ann',
          type: 'singleChat',
          options: { paramType: 0, remindType: 'NONE' },
        }),
      );
      assert.deepEqual(one.data, { type: 'NONE', ignoreDuration: 0 });
      const told = await cat2.next('onMultiDeviceEvent', (e) => e.conversationId === 'ann');
      assert.deepEqual(told, {
        operation: 'setSilentModeForConversation',
        resource: cat1.conn.clientResource,
        conversationId: 'ann',
        type: 'singleChat',
        data: { type: 'NONE', ignoreDuration: 0 },
      });
      await cat1.conn.setSilentModeForConversation({
        conversationId: 'g1',
        type: 'groupChat',
        options: { paramType: 0, remindType: 'AT' },
      });
      await cat1.conn.setSilentModeForConversation({
        conversationId: 'bob',
        type: 'singleChat',
        options: { paramType: 0, remindType: 'ALL' },
      });
      const g: any = plain(
        await cat2.conn.getSilentModeForConversation({ conversationId: 'g1', type: 'groupChat' }),
      );
      assert.deepEqual(g.data, { type: 'AT', ignoreDuration: 0 });
      const none: any = plain(
        await cat2.conn.getSilentModeForConversation({ conversationId: 'nobody', type: 'singleChat' }),
      );
      assert.deepEqual(none.data, { type: 'DEFAULT', ignoreDuration: 0 });
      const many: any = plain(
        await cat2.conn.getSilentModeForConversations({
          conversationList: [
            { id: 'ann', type: 'singleChat' },
            { id: 'nobody', type: 'singleChat' },
            { id: 'g1', type: 'groupChat' },
          ],
        }),
      );
      assert.deepEqual(many.data, {
        user: { ann: { type: 'NONE', ignoreDuration: 0 } },
        group: { g1: { type: 'AT', ignoreDuration: 0 } },
      });

      const p1: any = plain(await cat2.conn.getSilentModeRemindTypeConversations({ pageSize: 2 }));
      assert.deepEqual(p1.data.conversations, [
        { conversationId: 'g1', type: 'groupChat', remindType: 'AT' },
        { conversationId: 'ann', type: 'singleChat', remindType: 'NONE' },
      ]);
      assert.ok(p1.data.cursor);
      const p2: any = plain(
        await cat2.conn.getSilentModeRemindTypeConversations({ pageSize: 2, cursor: p1.data.cursor }),
      );
      assert.deepEqual(p2.data.conversations, [
        { conversationId: 'bob', type: 'singleChat', remindType: 'ALL' },
      ]);
      assert.equal(p2.data.cursor, '');

      const interval = await rejection(() =>
        cat1.conn.setSilentModeForConversation({
          conversationId: 'ann',
          type: 'singleChat',
          options: { paramType: 2, startTime: { hours: 1, minutes: 1 }, endTime: { hours: 2, minutes: 2 } },
        }),
      );
      assert.equal(interval.type, ErrorCode.REQUEST_PARAMETER_ERROR, 'quiet hours are app-wide only');

      const cleared: any = plain(
        await cat1.conn.clearRemindTypeForConversation({ conversationId: 'ann', type: 'singleChat' }),
      );
      assert.deepEqual(cleared.data, { type: 'DEFAULT', ignoreDuration: 0 });
      const removed = await cat2.next(
        'onMultiDeviceEvent',
        (e) => e.operation === 'removeSilentModeForConversation',
      );
      assert.deepEqual(removed, {
        operation: 'removeSilentModeForConversation',
        resource: cat1.conn.clientResource,
        conversationId: 'ann',
        type: 'singleChat',
        data: {},
      });

      assert.deepEqual(plain<any>(await cat1.conn.getPushPerformLanguage()).data, { language: '' });
      const lang: any = plain(await cat1.conn.setPushPerformLanguage({ language: 'de' }));
      assert.deepEqual(lang.data, { language: 'de' });
      assert.deepEqual(plain<any>(await cat2.conn.getPushPerformLanguage()).data, { language: 'de' });
      cat1.close();
      cat2.close();
    });

    test('a device that was offline gets the change when it is back', async () => {
      const ann1 = await device('ann');
      const ann2 = await device('ann');
      ann2.conn.close();
      await sleep(200);
      await ann1.conn.setSilentModeForConversation({
        conversationId: 'g9',
        type: 'groupChat',
        options: { paramType: 1, duration: 3_600_000 },
      });
      await ann2.conn.open({ user: 'ann', pwd: 'pw' });
      const late = await ann2.next('onMultiDeviceEvent', (e) => e.conversationId === 'g9');
      assert.equal(late['operation'], 'setSilentModeForConversation');
      assert.ok(late['data'].ignoreDuration > Date.now());
      ann1.close();
      ann2.close();
    });
  });
