// Multi-device policy, decided cluster-wide from the session directory when a device logs in: with
// multi-device off only the new device stays; with it on at most `deviceLimit` devices (distinct
// resources) stay. The displaced devices are the oldest; they get 206 with the new device's login
// ext (`Provision.reason`) as the kick reason (msync spec §4.10). A reconnect with the same resource
// is the same device and displaces nobody.
import { kickCode, StatisticsOperation } from '@confab/protocol';
import { appSettings } from '../apps/app-settings.js';
import type { Bus } from '../ports/bus.js';
import type { SessionDirectory } from '../ports/session-directory.js';
import type { AppRecord } from '../ports/storage.js';

export interface DevicePolicyDeps {
  readonly sessions: SessionDirectory;
  readonly bus: Bus;
}

/** Resources displaced by `resource` logging in, oldest first. */
export async function displacedDevices(
  deps: DevicePolicyDeps,
  app: AppRecord,
  username: string,
  resource: string,
): Promise<string[]> {
  const settings = appSettings(app);
  const limit = settings.multiDevice ? settings.deviceLimit : 1;
  const others: string[] = [];
  // list() is oldest first; a device with several sockets counts once, at its oldest.
  for (const e of await deps.sessions.list(app.id, username))
    if (e.resource !== resource && !others.includes(e.resource)) others.push(e.resource);
  return others.slice(0, Math.max(0, others.length + 1 - limit));
}

export async function enforceDeviceLimit(
  deps: DevicePolicyDeps,
  app: AppRecord,
  username: string,
  resource: string,
  loginExt: string | undefined,
): Promise<string[]> {
  const displaced = await displacedDevices(deps, app, username, resource);
  for (const r of displaced) {
    await deps.bus.publish({
      kind: 'kick',
      appId: app.id,
      username,
      resource: r,
      code: kickCode(StatisticsOperation.USER_LOGIN_ANOTHER_DEVICE),
      ...(loginExt ? { reason: loginExt } : {}),
    });
  }
  return displaced;
}
