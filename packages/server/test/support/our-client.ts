// Our SDK in tests: a connection whose every event is recorded, with `next(event, predicate)`.
import OurSdk from '@confab/sdk';

export type OurConnection = InstanceType<typeof OurSdk.connection>;

export interface RecordingClient {
  conn: OurConnection;
  events: Array<{ name: string; data: unknown }>;
  next<T = any>(name: string, predicate?: (data: T) => boolean, timeoutMs?: number): Promise<T>;
  all<T = any>(name: string): T[];
}

const EVENTS = [
  'onTextMessage',
  'onImageMessage',
  'onFileMessage',
  'onAudioMessage',
  'onVideoMessage',
  'onLocationMessage',
  'onCustomMessage',
  'onCmdMessage',
  'onCombineMessage',
  'onMessage',
  'onReadMessage',
  'onDeliveredMessage',
  'onChannelMessage',
  'onRecallMessage',
  'onModifiedMessage',
  'onOfflineMessageSyncFinish',
  'onGroupEvent',
  'onChatroomEvent',
  'onMultiDeviceEvent',
  'onContactInvited',
  'onContactAgreed',
  'onContactRefuse',
  'onContactDeleted',
  'onContactAdded',
  'onReactionChange',
  'onMessagePinEvent',
  'onChatThreadChange',
  'onError',
  'onPresenceStatusChange',
] as const;

export function recordingClient(opts: { appKey: string; url: string; apiUrl: string }): RecordingClient {
  const conn = new OurSdk.connection(opts);
  const events: RecordingClient['events'] = [];
  const consumed = new Set<number>();
  const handlers: Record<string, (d: unknown) => void> = {};
  for (const name of EVENTS) handlers[name] = (data) => events.push({ name, data });
  conn.addEventHandler('recorder', handlers);
  return {
    conn,
    events,
    all: (name) => events.filter((e) => e.name === name).map((e) => e.data as never),
    async next(name, predicate = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = events.findIndex(
          (e, k) => !consumed.has(k) && e.name === name && predicate(e.data as never),
        );
        if (i >= 0) {
          consumed.add(i);
          return events[i]!.data as never;
        }
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${name}; got ${events.map((e) => e.name).join(', ')}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}
