// Conversations, most recent first, with last message, time and unread badge; a form on top starts a
// conversation with a user id. Arrow keys move between conversations.
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ChatType } from '@confab/sdk';
import { previewOf, type Conversation } from '../chat/model.js';
import { shortTime } from './format-time.js';

interface Props {
  conversations: readonly Conversation[];
  activeKey: string | undefined;
  me: string;
  onOpen: (peer: string, chatType?: ChatType) => void;
}

export function ConversationList({ conversations, activeKey, me, onOpen }: Props) {
  const [peer, setPeer] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const id = useId();

  const start = (e: FormEvent) => {
    e.preventDefault();
    const name = peer.trim();
    if (!name) return setProblem('Enter the user id of the person to chat with.');
    if (name === me) return setProblem('That is you: enter someone else’s user id.');
    setProblem(undefined);
    setPeer('');
    onOpen(name);
  };

  const moveFocus = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button.conv')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const to = buttons[Math.max(0, Math.min(buttons.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (to) {
      e.preventDefault();
      to.focus();
    }
  };

  return (
    <nav className="sidebar" aria-label="Conversations">
      <form className="new-chat" onSubmit={start} noValidate>
        <label htmlFor={`${id}-peer`} className="visually-hidden">
          Start a conversation with user ID
        </label>
        <input
          id={`${id}-peer`}
          // After login, and when leaving a conversation at phone width, start here.
          autoFocus={activeKey === undefined}
          placeholder="Start a chat: user ID"
          autoCapitalize="none"
          spellCheck={false}
          value={peer}
          onChange={(e) => setPeer(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
        />
        <button type="submit" className="primary">
          Chat
        </button>
        {problem && (
          <p id={`${id}-problem`} className="field-problem" role="alert">
            {problem}
          </p>
        )}
      </form>
      {conversations.length === 0 ? (
        <p className="empty">No conversations yet. Enter a user ID above to start one.</p>
      ) : (
        <ul className="conv-list" onKeyDown={moveFocus}>
          {conversations.map((c) => (
            <li key={c.key}>
              <button
                type="button"
                className="conv"
                data-key={c.key}
                aria-current={c.key === activeKey ? 'true' : undefined}
                aria-label={`${c.peer}${c.unread ? `, ${c.unread} unread` : ''}${
                  c.lastMessage ? `, last message: ${previewOf(c.lastMessage)}` : ''
                }`}
                onClick={() => onOpen(c.peer, c.chatType)}
              >
                <span className="avatar" aria-hidden="true">
                  {c.peer.slice(0, 1).toUpperCase()}
                </span>
                <span className="conv-main">
                  <span className="conv-top">
                    <span className="conv-name">{c.peer}</span>
                    {c.lastMessage && <time className="conv-time">{shortTime(c.lastMessage.time)}</time>}
                  </span>
                  <span className="conv-bottom">
                    <span className="conv-preview">
                      {c.lastMessage
                        ? `${c.lastMessage.direction === 'out' ? 'You: ' : ''}${previewOf(c.lastMessage)}`
                        : 'No messages yet'}
                    </span>
                    {c.unread > 0 && (
                      <span className="badge" aria-hidden="true">
                        {c.unread > 99 ? '99+' : c.unread}
                      </span>
                    )}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
