// Under a message: its reactions (emoji, count, who reacted in the tooltip and label; one's own marked
// and removed by clicking it) and a small picker to add one.
import { useState, useSyncExternalStore } from 'react';
import type { ChatMessage } from '../chat/model.js';
import { REACTIONS, type ReactionSession } from '../reactions/reaction-session.js';

export function ReactionBar({ session, message }: { session: ReactionSession; message: ChatMessage }) {
  const all = useSyncExternalStore(session.store.subscribe, session.store.getSnapshot);
  const [picking, setPicking] = useState(false);
  if (message.chatType === 'chatRoom' || message.recalled || message.type === 'event') return null;
  if (
    message.direction === 'out' &&
    message.state !== 'sent' &&
    message.state !== 'delivered' &&
    message.state !== 'read'
  )
    return null;
  const reactions = all[message.id] ?? [];
  const toggle = (reaction: string) => {
    setPicking(false);
    void session.toggle(message, reaction);
  };
  return (
    <div className="reactions" role="group" aria-label="Reactions">
      {reactions.map((r) => {
        const who = r.users.join(', ');
        return (
          <button
            key={r.reaction}
            type="button"
            className={`reaction${r.mine ? ' mine' : ''}`}
            aria-pressed={r.mine}
            title={who}
            aria-label={`${r.reaction} ${r.count} by ${who}`}
            onClick={() => toggle(r.reaction)}
          >
            {r.reaction} <span className="reaction-count">{r.count}</span>
          </button>
        );
      })}
      <button
        type="button"
        className="link reaction-add"
        aria-expanded={picking}
        onClick={() => setPicking(!picking)}
      >
        <span aria-hidden="true">☺+</span>
        <span className="visually-hidden">React to this message</span>
      </button>
      {picking && (
        <span className="reaction-picker" role="group" aria-label="Pick a reaction">
          {REACTIONS.map((e) => (
            <button
              key={e}
              type="button"
              className="link"
              aria-label={`React with ${e}`}
              onClick={() => toggle(e)}
            >
              {e}
            </button>
          ))}
        </span>
      )}
    </div>
  );
}
