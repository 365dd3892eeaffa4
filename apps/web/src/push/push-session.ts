// Notifications of one logged-in user (issue 20): do-not-disturb app-wide and per conversation through the
// SDK's silent-mode calls (setSilentModeForAll / setSilentModeForConversation / clearRemindTypeForConversation
// and their getters), and browser notifications: the service worker (public/sw.js) is registered, the
// browser subscribes with the app's VAPID public key (GET …/push/vapid_public_key) and the subscription is
// bound as this browser's device token (uploadPushToken, notifier "webpush"). The server pushes through it
// when this user has no device online.
import type { Connection } from '@confab/sdk';
import type { ServerSettings } from '../settings/server-settings.js';

export type RemindType = 'ALL' | 'AT' | 'NONE';
/** A conversation's setting: its own remind type, or DEFAULT (follow the app-wide one). */
export type ConversationRemind = RemindType | 'DEFAULT';

export interface PushState {
  /** App-wide remind type. */
  remind: RemindType;
  /** App-wide do-not-disturb until (ms since the epoch), 0 = off. */
  dndUntil: number;
  /** Per conversation (`${chatType}:${id}`), as loaded or set. */
  conversations: Record<string, ConversationRemind>;
  /** Browser notifications: what the last attempt gave. */
  browser: 'unsupported' | 'off' | 'subscribing' | 'on' | 'denied' | 'failed';
  browserDetail: string;
  error: string;
}

type Kind = 'singleChat' | 'groupChat';

const DEVICE_KEY = 'confab.pushDevice';

/** A stable id for this browser's device token. */
function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = `web-${crypto.randomUUID()}`;
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

/** base64url (the VAPID key) as the bytes PushManager.subscribe wants. */
export function urlBase64ToBytes(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

function message(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err && typeof err.message === 'string')
    return err.message;
  return err instanceof Object ? JSON.stringify(err) : String(err);
}

export class PushSession {
  private state: PushState = {
    remind: 'ALL',
    dndUntil: 0,
    conversations: {},
    browser:
      typeof navigator !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window
        ? 'off'
        : 'unsupported',
    browserDetail: '',
    error: '',
  };
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly conn: Connection,
    private readonly settings: ServerSettings,
    private readonly token: () => string,
  ) {}

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  getSnapshot = () => this.state;

  private set(change: Partial<PushState>) {
    this.state = { ...this.state, ...change };
    for (const fn of this.listeners) fn();
  }

  private conn2() {
    // The silent-mode calls of the official API (our SDK has them with the official names).
    return this.conn as unknown as {
      getSilentModeForAll(): Promise<{ data: { type?: string; ignoreDuration?: number } }>;
      setSilentModeForAll(p: {
        options: unknown;
      }): Promise<{ data: { type?: string; ignoreDuration?: number } }>;
      getSilentModeForConversation(p: {
        conversationId: string;
        type: Kind;
      }): Promise<{ data: { type?: string } }>;
      setSilentModeForConversation(p: {
        conversationId: string;
        type: Kind;
        options: unknown;
      }): Promise<unknown>;
      clearRemindTypeForConversation(p: { conversationId: string; type: Kind }): Promise<unknown>;
      uploadPushToken(p: { deviceId: string; deviceToken: string; notifierName: string }): Promise<unknown>;
    };
  }

  /** Reads the app-wide setting. */
  async load(): Promise<void> {
    try {
      const { data } = await this.conn2().getSilentModeForAll();
      this.set({
        remind: (data?.type as RemindType) || 'ALL',
        dndUntil: data?.ignoreDuration && data.ignoreDuration > Date.now() ? data.ignoreDuration : 0,
        error: '',
      });
    } catch (err) {
      this.set({ error: `Reading notification settings: ${message(err)}` });
    }
  }

  async loadConversation(kind: Kind, id: string): Promise<void> {
    try {
      const { data } = await this.conn2().getSilentModeForConversation({ conversationId: id, type: kind });
      const type = (data?.type as RemindType | undefined) ?? 'DEFAULT';
      this.set({ conversations: { ...this.state.conversations, [`${kind}:${id}`]: type }, error: '' });
    } catch (err) {
      this.set({ error: `Reading the conversation's notifications: ${message(err)}` });
    }
  }

  async setRemind(remind: RemindType): Promise<void> {
    try {
      await this.conn2().setSilentModeForAll({ options: { paramType: 0, remindType: remind } });
      this.set({ remind, error: '' });
    } catch (err) {
      this.set({ error: `Changing notifications: ${message(err)}` });
    }
  }

  /** Do not disturb for `minutes` (0 switches it off). */
  async setDnd(minutes: number): Promise<void> {
    try {
      await this.conn2().setSilentModeForAll({ options: { paramType: 1, duration: minutes * 60_000 } });
      this.set({ dndUntil: minutes === 0 ? 0 : Date.now() + minutes * 60_000, error: '' });
    } catch (err) {
      this.set({ error: `Changing do not disturb: ${message(err)}` });
    }
  }

  async setConversation(kind: Kind, id: string, remind: ConversationRemind): Promise<void> {
    try {
      if (remind === 'DEFAULT')
        await this.conn2().clearRemindTypeForConversation({ conversationId: id, type: kind });
      else
        await this.conn2().setSilentModeForConversation({
          conversationId: id,
          type: kind,
          options: { paramType: 0, remindType: remind },
        });
      this.set({ conversations: { ...this.state.conversations, [`${kind}:${id}`]: remind }, error: '' });
    } catch (err) {
      this.set({ error: `Changing the conversation's notifications: ${message(err)}` });
    }
  }

  /** The app's VAPID public key, or undefined when the server has no Web Push configured. */
  async vapidKey(): Promise<string | undefined> {
    const [org, app] = this.settings.appKey.split('#');
    const res = await fetch(
      `${this.settings.apiUrl.replace(/\/+$/, '')}/${org}/${app}/push/vapid_public_key`,
      {
        headers: { authorization: `Bearer ${this.token()}` },
      },
    );
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`the server answered ${res.status}`);
    return ((await res.json()) as { data: { vapidPublicKey: string } }).data.vapidPublicKey;
  }

  /** Asks for permission, registers the service worker, subscribes and binds the subscription. */
  async enableBrowserNotifications(): Promise<void> {
    if (this.state.browser === 'unsupported') return;
    this.set({ browser: 'subscribing', browserDetail: '' });
    try {
      const key = await this.vapidKey();
      if (!key) {
        this.set({
          browser: 'failed',
          browserDetail: 'This server has no Web Push configured (docs/push.md).',
        });
        return;
      }
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        this.set({ browser: 'denied', browserDetail: 'The browser did not allow notifications.' });
        return;
      }
      const registration = await navigator.serviceWorker.register('/sw.js');
      await navigator.serviceWorker.ready;
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: urlBase64ToBytes(key),
        }));
      await this.conn2().uploadPushToken({
        deviceId: deviceId(),
        deviceToken: JSON.stringify(subscription.toJSON()),
        notifierName: 'webpush',
      });
      this.set({ browser: 'on', browserDetail: '' });
    } catch (err) {
      this.set({ browser: 'failed', browserDetail: message(err) });
    }
  }
}
