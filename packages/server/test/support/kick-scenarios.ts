// Every kick rule of issue 5, for one SDK kind, as reusable scenarios: the single-node test runs them
// with devices and admin on one server; the cluster test puts the devices on node A and the admin
// (REST) on node B, so each kick crosses the Redis bus.
import assert from 'node:assert/strict';
import {
  adminToken,
  appCall,
  call,
  createUsers,
  failedLogin,
  openDevice,
  sleep,
  type AppTarget,
  type Device,
  type SdkKind,
} from './accounts.js';

export interface KickEnv {
  /** Where devices connect. */
  device: AppTarget;
  /** Where the app server calls the REST API (another node in the cluster test). */
  rest: AppTarget;
  admin: string;
  /** Creates an app with settings; returns it seen from the device node and the REST node, and its admin token. */
  app(settings: Record<string, unknown>): Promise<{ device: AppTarget; rest: AppTarget; admin: string }>;
}

let seq = 0;
const fresh = (kind: SdkKind, what: string) => `${what}-${kind === 'ours' ? 'o' : 'f'}-${++seq}`;

/** The device got `code`, its socket closed, and it did not reconnect (nor did the server keep it). */
async function assertKicked(d: Device, code: number, rest: AppTarget, admin: string, user: string) {
  const err = await d.kicked;
  assert.equal(err.type, code, `${d.kind}: kick code`);
  const disconnected = await d.disconnected;
  assert.equal(disconnected?.type, code, `${d.kind}: onDisconnected carries the kick`);
  await sleep(1500);
  assert.equal(d.count('onReconnecting'), 0, `${d.kind}: no reconnect`);
  assert.equal(d.isOpened(), false);
  const res = await appCall(rest, 'GET', `/users/${user}/resources`, admin);
  if (res.status === 200)
    assert.ok(!res.body.data.some((r: any) => r.res === d.resource), 'server dropped the device');
}

export function kickScenarios(kind: SdkKind, env: () => KickEnv): [string, () => Promise<void>][] {
  return [
    [
      `${kind} SDK: user deleted → 207, no reconnect, cannot log in again`,
      async () => {
        const { device, rest, admin } = env();
        const u = fresh(kind, 'del');
        await createUsers(rest, admin, [u]);
        const d = await openDevice(kind, device, u);
        assert.equal((await appCall(rest, 'DELETE', `/users/${u}`, admin)).status, 200);
        await assertKicked(d, 207, rest, admin, u);
        const again = await failedLogin(kind, device, u);
        assert.equal(again.type, 1, 'password login: user not found (wrapped as 1)');
      },
    ],
    [
      `${kind} SDK: password changed → 216; old token refused on REST and WebSocket`,
      async () => {
        const { device, rest, admin } = env();
        const u = fresh(kind, 'pwd');
        await createUsers(rest, admin, [u]);
        const issued = await appCall(rest, 'POST', '/token', admin, { grant_type: 'inherit', username: u });
        const oldToken = issued.body.access_token as string;
        const d = await openDevice(kind, device, u, { accessToken: oldToken });
        assert.equal(
          (await appCall(rest, 'PUT', `/users/${u}/password`, admin, { newpassword: 'pw2' })).status,
          200,
        );
        await assertKicked(d, 216, rest, admin, u);
        assert.equal((await appCall(rest, 'GET', `/users/${u}/resources`, oldToken)).status, 401);
        assert.equal((await failedLogin(kind, device, u, { accessToken: oldToken })).type, 28);
        const back = await openDevice(kind, device, u, { pwd: 'pw2' });
        await back.close();
      },
    ],
    [
      `${kind} SDK: admin forces one device out → 217; the other device stays`,
      async () => {
        const { device, rest, admin } = env();
        const u = fresh(kind, 'out');
        await createUsers(rest, admin, [u]);
        const d1 = await openDevice(kind, device, u);
        const d2 = await openDevice(kind, device, u);
        const r = await appCall(rest, 'DELETE', `/users/${u}/disconnect/${d1.resource}`, admin);
        assert.equal(r.status, 200);
        assert.deepEqual(r.body.data, { result: true });
        await assertKicked(d1, 217, rest, admin, u);
        assert.equal(d2.isOpened(), true);
        assert.equal(d2.count('onReconnecting'), 0);
        // Then every device at once.
        assert.equal((await appCall(rest, 'GET', `/users/${u}/disconnect`, admin)).status, 200);
        await assertKicked(d2, 217, rest, admin, u);
      },
    ],
    [
      `${kind} SDK: the user's other device forces this one out → 217; getSelfIdsOnOtherPlatform`,
      async () => {
        const { device, rest, admin } = env();
        const u = fresh(kind, 'self');
        await createUsers(rest, admin, [u]);
        const d1 = await openDevice(kind, device, u);
        const d2 = await openDevice(kind, device, u);
        assert.deepEqual(await d2.otherDevices(), [`${u}/${d1.resource}`]);
        assert.deepEqual(await d1.otherDevices(), [`${u}/${d2.resource}`]);
        const token = (await appCall(rest, 'POST', '/token', admin, { grant_type: 'inherit', username: u }))
          .body.access_token as string;
        assert.equal(
          (await appCall(rest, 'DELETE', `/users/${u}/disconnect/${d1.resource}`, token)).status,
          200,
        );
        await assertKicked(d1, 217, rest, admin, u);
        assert.deepEqual(await d2.otherDevices(), []);
        await d2.close();
      },
    ],
    [
      `${kind} SDK: a login beyond the device limit → 206 on the oldest device, with the new device's ext`,
      async () => {
        const app = await env().app({ deviceLimit: 2 });
        const u = fresh(kind, 'lim');
        await createUsers(app.rest, app.admin, [u]);
        const d1 = await openDevice(kind, app.device, u);
        await sleep(50);
        const d2 = await openDevice(kind, app.device, u);
        await sleep(50);
        const d3 = await openDevice(kind, app.device, u, { loginExt: 'hello from d3' });
        await assertKicked(d1, 206, app.rest, app.admin, u);
        assert.equal((await d1.kicked).data?.loginInfoCustomExt ?? (await d1.kicked).data, 'hello from d3');
        assert.equal(d2.isOpened() && d3.isOpened(), true);
        await Promise.all([d2.close(), d3.close()]);
      },
    ],
    [
      `${kind} SDK: multi-device off → 206 on the previous device; deactivated users cannot log in`,
      async () => {
        const app = await env().app({ multiDevice: false });
        const u = fresh(kind, 'single');
        await createUsers(app.rest, app.admin, [u]);
        const d1 = await openDevice(kind, app.device, u);
        const d2 = await openDevice(kind, app.device, u);
        await assertKicked(d1, 206, app.rest, app.admin, u);
        assert.equal(d2.isOpened(), true);
        // Deactivation: the live device is removed (207) and a new login is refused.
        const token = (
          await appCall(app.rest, 'POST', '/token', app.admin, { grant_type: 'inherit', username: u })
        ).body.access_token as string;
        assert.equal((await appCall(app.rest, 'POST', `/users/${u}/deactivate`, app.admin)).status, 200);
        await assertKicked(d2, 207, app.rest, app.admin, u);
        assert.equal((await failedLogin(kind, app.device, u, { accessToken: token })).type, 2);
        assert.equal((await failedLogin(kind, app.device, u)).type, 1);
        assert.equal((await appCall(app.rest, 'POST', `/users/${u}/activate`, app.admin)).status, 200);
        await (await openDevice(kind, app.device, u, { accessToken: token })).close();
      },
    ],
  ];
}

/** Creates an app through the operator API (on the REST node) and its admin token. */
export async function operatorApp(
  device: AppTarget,
  rest: AppTarget,
  operatorToken: string,
  settings: Record<string, unknown>,
): Promise<{ device: AppTarget; rest: AppTarget; admin: string }> {
  const name = `app-${Date.now().toString(36)}-${++seq}`;
  const r = await call('POST', `${rest.apiUrl}/management/apps`, operatorToken, {
    org: 'kicks',
    name,
    settings,
  });
  if (r.status !== 200) throw new Error(`create app: ${r.status} ${JSON.stringify(r.body)}`);
  const d = { ...device, org: 'kicks', app: name };
  const rr = { ...rest, org: 'kicks', app: name };
  return { device: d, rest: rr, admin: await adminToken(rr, r.body.clientId, r.body.clientSecret) };
}
