// The notifications panel (issue 20): do-not-disturb for every chat (remind type, a timed do-not-disturb)
// and for the open conversation, through the SDK's silent-mode calls; and browser notifications (Web Push
// through the service worker) switched on for this browser.
import { useEffect, useSyncExternalStore } from 'react';
import type { ConversationRemind, PushSession, RemindType } from '../push/push-session.js';

interface Props {
  push: PushSession;
  /** The open conversation, if it can have its own setting. */
  conversation?: { kind: 'singleChat' | 'groupChat'; id: string; title: string } | undefined;
  onClose: () => void;
}

const REMIND_LABELS: Record<RemindType, string> = {
  ALL: 'All messages',
  AT: 'Only mentions of me',
  NONE: 'Nothing',
};

const DND_CHOICES: readonly [number, string][] = [
  [0, 'Off'],
  [60, 'For 1 hour'],
  [480, 'For 8 hours'],
  [1440, 'For 24 hours'],
];

const BROWSER_TEXT: Record<string, string> = {
  unsupported: 'This browser cannot show push notifications.',
  off: 'Browser notifications are off.',
  subscribing: 'Switching browser notifications on…',
  on: 'Browser notifications are on: you are notified while Confab is closed.',
  denied: 'Notifications are blocked for this site.',
  failed: 'Browser notifications could not be switched on.',
};

export function NotificationSettings({ push, conversation, onClose }: Props) {
  const state = useSyncExternalStore(push.subscribe, push.getSnapshot);
  useEffect(() => {
    void push.load();
  }, [push]);
  const kind = conversation?.kind;
  const id = conversation?.id;
  useEffect(() => {
    if (kind && id) void push.loadConversation(kind, id);
  }, [push, kind, id]);
  const convKey = conversation ? `${conversation.kind}:${conversation.id}` : '';
  const convRemind: ConversationRemind | undefined = conversation ? state.conversations[convKey] : undefined;
  const dndText =
    state.dndUntil > Date.now()
      ? `Do not disturb until ${new Date(state.dndUntil).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
      : 'Do not disturb is off';

  return (
    <section className="notification-settings" aria-label="Notification settings">
      <header className="panel-head">
        <h2>Notifications</h2>
        <button type="button" className="ghost" onClick={onClose}>
          Close
        </button>
      </header>
      <label>
        Notify me about (all chats)
        <select value={state.remind} onChange={(e) => void push.setRemind(e.target.value as RemindType)}>
          {(Object.keys(REMIND_LABELS) as RemindType[]).map((t) => (
            <option key={t} value={t}>
              {REMIND_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Do not disturb
        <select
          value=""
          onChange={(e) => {
            if (e.target.value !== '') void push.setDnd(Number(e.target.value));
          }}
        >
          <option value="" disabled>
            Choose…
          </option>
          {DND_CHOICES.map(([minutes, label]) => (
            <option key={minutes} value={minutes}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <p role="status" className="dnd-status">
        {dndText}
      </p>
      {conversation && (
        <label>
          Notify me about {conversation.title}
          <select
            value={convRemind ?? 'DEFAULT'}
            disabled={convRemind === undefined}
            onChange={(e) =>
              void push.setConversation(
                conversation.kind,
                conversation.id,
                e.target.value as ConversationRemind,
              )
            }
          >
            <option value="DEFAULT">Same as all chats</option>
            {(Object.keys(REMIND_LABELS) as RemindType[]).map((t) => (
              <option key={t} value={t}>
                {REMIND_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="browser-notifications">
        <p role="status" className="browser-status">
          {BROWSER_TEXT[state.browser]}
          {state.browserDetail && ` ${state.browserDetail}`}
        </p>
        {state.browser !== 'unsupported' && state.browser !== 'on' && (
          <button
            type="button"
            disabled={state.browser === 'subscribing'}
            onClick={() => void push.enableBrowserNotifications()}
          >
            Enable browser notifications
          </button>
        )}
      </div>
      {state.error && (
        <p role="alert" className="error">
          {state.error}
        </p>
      )}
    </section>
  );
}
