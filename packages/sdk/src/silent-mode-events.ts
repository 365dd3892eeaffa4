// NOTIFY "user_notification_mute" (msync §4.9): a silent-mode change made on another device of this user,
// `{"type":"user_notification_mute","values":[{operator_resource, data, user|group}]}` → onMultiDeviceEvent,
// as the official SDK reads it: `setSilentModeForUser` when `data` has `ignoreInterval`, else
// `setSilentModeForConversation` (or `removeSilentModeForConversation` for an empty `data`). Ignored when
// the change was made on this device.

export type NotificationMultiDeviceInfo =
  | {
      operation: 'setSilentModeForConversation' | 'removeSilentModeForConversation';
      resource: string;
      conversationId: string;
      type: 'singleChat' | 'groupChat';
      data: Record<string, unknown>;
    }
  | { operation: 'setSilentModeForUser'; resource: string; data: Record<string, unknown> };

interface WireValue {
  operator_resource?: string;
  data?: Record<string, unknown>;
  user?: string;
  group?: string;
}

/** The events of a parsed NOTIFY JSON; undefined when it is not a silent-mode change. */
export function decodeSilentModeNotify(
  json: { type?: string; values?: unknown },
  ownResource: string,
): NotificationMultiDeviceInfo[] | undefined {
  if (json.type !== 'user_notification_mute') return undefined;
  const out: NotificationMultiDeviceInfo[] = [];
  for (const v of (Array.isArray(json.values) ? json.values : []) as WireValue[]) {
    const resource = v.operator_resource ?? '';
    if (resource === ownResource) continue;
    const data = v.data ?? {};
    if ('ignoreInterval' in data) {
      out.push({ operation: 'setSilentModeForUser', resource, data });
      continue;
    }
    const group = 'group' in v;
    out.push({
      operation:
        Object.keys(data).length === 0 ? 'removeSilentModeForConversation' : 'setSilentModeForConversation',
      resource,
      conversationId: (group ? v.group : v.user) ?? '',
      type: group ? 'groupChat' : 'singleChat',
      data,
    });
  }
  return out;
}
