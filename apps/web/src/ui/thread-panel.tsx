// The open thread in a side panel beside the group conversation: the message it hangs off, its replies
// and a box to reply.
import { useId, useState, useSyncExternalStore } from 'react';
import type { ThreadSession } from '../threads/thread-session.js';
import { MessageBubble, type MessageActions } from './message-bubble.js';

export function ThreadPanel({
  session,
  groupId,
  actions,
}: {
  session: ThreadSession;
  /** The open group: a thread of another group stays hidden. */
  groupId: string;
  actions: MessageActions;
}) {
  const { open } = useSyncExternalStore(session.store.subscribe, session.store.getSnapshot);
  const [text, setText] = useState('');
  const id = useId();
  if (!open || open.parent.to !== groupId) return null;
  const submit = () => {
    const value = text.trim();
    if (!value) return;
    setText('');
    void session.send(value);
  };
  return (
    <aside
      className="members thread-panel"
      aria-labelledby={`${id}-title`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          session.close();
        }
      }}
    >
      <header className="members-header">
        <h3 id={`${id}-title`}>Thread: {open.name}</h3>
        <button type="button" className="link" onClick={() => session.close()}>
          Close<span className="visually-hidden"> the thread</span>
        </button>
      </header>
      <ol
        className="messages thread-messages"
        role="log"
        aria-label={`Thread ${open.name}`}
        aria-live="polite"
      >
        <MessageBubble message={open.parent} actions={actions} sender={open.parent.from} />
        {open.loading && <li className="empty">Loading…</li>}
        {!open.loading && open.messages.length === 0 && <li className="empty">No replies yet.</li>}
        {open.messages.map((m) => (
          <MessageBubble
            key={m.localId ?? m.id}
            message={m}
            actions={actions}
            sender={m.direction === 'in' ? m.from : undefined}
          />
        ))}
      </ol>
      <form
        className="composer thread-composer"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label htmlFor={`${id}-reply`} className="visually-hidden">
          Reply in the thread
        </label>
        <textarea
          id={`${id}-reply`}
          rows={1}
          value={text}
          placeholder="Reply in the thread"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <button type="submit" className="primary send" disabled={!text.trim()}>
          Reply
        </button>
      </form>
    </aside>
  );
}
