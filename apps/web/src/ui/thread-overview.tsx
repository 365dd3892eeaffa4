// Under a group message: its thread (name and reply count; opens it in the side panel), or a button that
// starts one (asking for its name).
import { useState, useSyncExternalStore } from 'react';
import type { ChatMessage } from '../chat/model.js';
import type { ThreadSession } from '../threads/thread-session.js';

export function ThreadOverview({ session, message }: { session: ThreadSession; message: ChatMessage }) {
  const state = useSyncExternalStore(session.store.subscribe, session.store.getSnapshot);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  if (message.chatType !== 'groupChat' || message.recalled || message.type === 'event') return null;
  if (message.direction === 'out' && (message.state === 'sending' || message.state === 'failed')) return null;
  const overview = state.overviews[message.id];
  if (overview)
    return (
      <button
        type="button"
        className="link thread-overview"
        onClick={() => void session.open(message, { id: overview.id, name: overview.name })}
      >
        🧵 {overview.name} · {overview.messageCount} {overview.messageCount === 1 ? 'reply' : 'replies'}
        <span className="visually-hidden"> (open the thread)</span>
      </button>
    );
  if (!naming)
    return (
      <button type="button" className="link thread-start" onClick={() => setNaming(true)}>
        Start a thread<span className="visually-hidden"> on this message</span>
      </button>
    );
  return (
    <form
      className="thread-name"
      aria-label="New thread"
      onSubmit={(e) => {
        e.preventDefault();
        const value = name.trim();
        if (!value) return;
        setNaming(false);
        setName('');
        void session.start(message, value);
      }}
    >
      <input
        aria-label="Thread name"
        value={name}
        maxLength={64}
        autoFocus
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            setNaming(false);
          }
        }}
      />
      <button type="submit" className="link" disabled={!name.trim()}>
        Start
      </button>
    </form>
  );
}
