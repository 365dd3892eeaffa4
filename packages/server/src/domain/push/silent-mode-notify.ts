// A silent-mode change reaches the user's other devices (spec msync §4.9): a NOTIFY meta
// `{"type":"user_notification_mute","values":[{operator_resource, data, user|group}]}` → onMultiDeviceEvent
// (`setSilentModeForUser` when `data` has `ignoreInterval`, else `setSilentModeForConversation`, or
// `removeSilentModeForConversation` for an empty `data`). The SDK ignores it on the acting device. It is
// stored in the user's own log (the self conversation, as NOTIFY_ENTRY, which history, unread counts and
// conversation lists skip), so a device offline now gets it at its next login; the acting device is passed
// over (its own send) and not woken.
import { Domain, msync, NameSpace, toU64, type Meta } from '@confab/protocol';
import { directConversation } from '../conversations/direct-conversation.js';
import type { MessageIdGenerator } from '../messages/message-id.js';
import { queueHints } from '../messages/queue-hints.js';
import { NOTIFY_ENTRY } from '../reactions/reaction-notify.js';
import type { Bus } from '../ports/bus.js';
import type { Logger } from '../ports/logger.js';
import type { SilentKey } from '../ports/push-settings.js';
import type { AppRecord, NewMessage, Storage } from '../ports/storage.js';

export interface SilentNotifyDeps {
  storage: Pick<Storage, 'messages'>;
  bus: Bus;
  ids: MessageIdGenerator;
  logger: Logger;
}

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
  const appKey = `${app.org}#${app.name}`;
  const id = deps.ids.next();
  const self = { appKey, name: username, domain: Domain.USER };
  const meta: Meta = {
    id: toU64(id),
    from: self,
    to: self,
    timestamp: toU64(at),
    ns: NameSpace.NOTIFY,
    payload: new TextEncoder().encode(JSON.stringify(payload)),
  };
  const entry: NewMessage = {
    id,
    appId: app.id,
    sender: username,
    senderResource: resource,
    clientMsgId: `n${id}`,
    recipient: username,
    chatType: NOTIFY_ENTRY,
    createdAt: at,
    meta: msync.Meta.encode(meta),
  };
  const target = directConversation(username, username);
  const stored = (await deps.storage.messages.append(entry, target)).message;
  const origin = { username, resource };
  for (const hint of queueHints(app.id, target, origin, stored.seq.toString(), stored.meta)) {
    await deps.bus
      .publish(hint)
      .catch((err: unknown) => deps.logger.warn({ err }, 'bus publish failed (silent mode change)'));
  }
}
