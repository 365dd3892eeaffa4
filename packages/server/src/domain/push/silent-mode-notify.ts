// A silent-mode change reaches the user's other devices (spec msync §4.9): a NOTIFY meta
// `{"type":"user_notification_mute","values":[{operator_resource, data, user|group}]}` → onMultiDeviceEvent
// (`setSilentModeForUser` when `data` has `ignoreInterval`, else `setSilentModeForConversation`, or
// `removeSilentModeForConversation` for an empty `data`). The SDK ignores it on the acting device. It is
// stored in the user's own log (the self conversation, as NOTIFY_ENTRY, which history, unread counts and
// conversation lists skip), so a device offline now gets it at its next login; the acting device is passed
// over (its own send) and not woken. Conversation pins, marks and deletes travel the same way
// (conversations/conversation-notify.ts).
import { tellOwnDevices, type ConversationNotifyDeps } from '../conversations/conversation-notify.js';
import type { SilentKey } from '../ports/push-settings.js';
import type { AppRecord } from '../ports/storage.js';

export type SilentNotifyDeps = ConversationNotifyDeps;

export async function tellSilentModeChange(
  deps: SilentNotifyDeps,
  app: AppRecord,
  username: string,
  resource: string,
  key: SilentKey,
  data: Record<string, unknown>,
  at: number,
): Promise<void> {
  const value: Record<string, unknown> = { operator_resource: resource, data };
  if (key.scope === 'user') value['user'] = key.target;
  if (key.scope === 'group') value['group'] = key.target;
  const payload = { type: 'user_notification_mute', values: [value] };
  await tellOwnDevices(deps, { app, username, resource }, payload, at, 'silent mode change');
}
