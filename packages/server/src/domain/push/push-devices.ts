// Device tokens and push profile set through PUT /users/{me} (REST spec §1.1 #14, §3 "Push nickname /
// display style"): the SDK's uploadPushToken / uploadToken send `{device_id, device_token, notifier_name}`;
// unbindPushToken sends `device_token: ""` (and often no notifier_name) — the device's token is removed.
// The official SDK retries a failing bind 3 more times, so only a malformed body is refused.
// `{notification_display_style: 0|1}` sets the push display style.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { Clock } from '../ports/clock.js';
import type { PushDevice } from '../ports/push-settings.js';
import type { AppRecord, Storage } from '../ports/storage.js';
import { requireUser } from '../users/user-admin.js';

export const MAX_DEVICE_ID_CHARS = 128;
export const MAX_DEVICE_TOKEN_CHARS = 4096;
export const MAX_NOTIFIER_CHARS = 128;

export interface PushDeviceDeps {
  storage: Storage;
  clock: Clock;
}

const bad = (m: string) => new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, m);

/** Whether a PUT /users/{u} body is a push-token or push-style body (not a nickname or shield body). */
export function isPushBody(body: unknown): body is Record<string, unknown> {
  return (
    typeof body === 'object' &&
    body !== null &&
    ('device_id' in body || 'device_token' in body || 'notification_display_style' in body)
  );
}

function text(v: unknown, name: string, max: number, allowEmpty: boolean): string {
  if (typeof v !== 'string' || (!allowEmpty && v === '')) throw bad(`${name} must be a string`);
  if (v.length > max) throw bad(`${name} is longer than ${max} characters`);
  return v;
}

/** Applies the body; returns the user's bound devices after it. */
export async function applyPushBody(
  deps: PushDeviceDeps,
  app: AppRecord,
  username: string,
  body: Record<string, unknown>,
): Promise<PushDevice[]> {
  await requireUser(deps.storage, app, username);
  const now = deps.clock.now();
  const store = deps.storage.pushSettings;
  if ('notification_display_style' in body) {
    const style = body['notification_display_style'];
    if (style !== 0 && style !== 1) throw bad('notification_display_style must be 0 or 1');
    await store.putProfile(app.id, username, { displayStyle: style }, now);
  }
  if ('device_id' in body || 'device_token' in body) {
    const deviceId = text(body['device_id'], 'device_id', MAX_DEVICE_ID_CHARS, false);
    const token = text(body['device_token'] ?? '', 'device_token', MAX_DEVICE_TOKEN_CHARS, true);
    if (token === '') await store.removeDevice(app.id, username, deviceId);
    else {
      const notifier = text(body['notifier_name'], 'notifier_name', MAX_NOTIFIER_CHARS, false);
      await store.putDevice(app.id, username, { deviceId, token, notifier, updatedAt: now });
    }
  }
  return store.devices(app.id, username);
}

/** Sets the push translation language (#64); '' clears it. */
export async function setPushLanguage(
  deps: PushDeviceDeps,
  app: AppRecord,
  username: string,
  language: unknown,
): Promise<string> {
  if (typeof language !== 'string' || language.length > 32 || !/^[A-Za-z0-9-]*$/.test(language))
    throw bad('translationLanguage must be a language code');
  await requireUser(deps.storage, app, username);
  await deps.storage.pushSettings.putProfile(app.id, username, { language }, deps.clock.now());
  return language;
}
