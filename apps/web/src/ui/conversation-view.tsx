// One conversation: the newest messages first, older ones loaded when scrolling up (or with the
// button), live messages appended while staying pinned to the bottom, and the composer.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ChatMessage, Conversation } from '../chat/model.js';
import { Composer } from './composer.js';
import { MessageBubble, type MessageActions } from './message-bubble.js';

/** Messages rendered at first and added per "load older" step. */
export const PAGE = 30;

interface Props {
  conversation: Conversation;
  messages: readonly ChatMessage[];
  onSend: (text: string) => void;
  onSendFile: (file: File) => void;
  actions: MessageActions;
  onBack: () => void;
}

export function ConversationView({ conversation, messages, onSend, onSendFile, actions, onBack }: Props) {
  const [shown, setShown] = useState(PAGE);
  const listRef = useRef<HTMLOListElement>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const pinned = useRef(true);
  const restoreFrom = useRef<number | undefined>(undefined);
  const visible = messages.slice(-shown);
  const hasOlder = messages.length > visible.length;

  // A new conversation: start at the bottom with one page, and put the cursor in the composer.
  useEffect(() => {
    setShown(PAGE);
    pinned.current = true;
    composerRef.current?.focus();
  }, [conversation.key]);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    if (restoreFrom.current !== undefined) {
      // Older messages were prepended: keep what the user was looking at in place.
      list.scrollTop = list.scrollHeight - restoreFrom.current;
      restoreFrom.current = undefined;
    } else if (pinned.current) {
      list.scrollTop = list.scrollHeight;
    }
  }, [visible.length, messages, conversation.key]);

  const loadOlder = () => {
    const list = listRef.current;
    if (!hasOlder || !list) return;
    restoreFrom.current = list.scrollHeight - list.scrollTop;
    setShown((n) => n + PAGE);
  };

  const onScroll = () => {
    const list = listRef.current;
    if (!list) return;
    pinned.current = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    if (list.scrollTop < 60 && hasOlder && restoreFrom.current === undefined) loadOlder();
  };

  return (
    <section
      className="conversation"
      aria-label={`Conversation with ${conversation.peer}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onBack();
      }}
    >
      <header className="conv-header">
        <button type="button" className="icon back" aria-label="Back to conversations" onClick={onBack}>
          <span aria-hidden="true">←</span>
        </button>
        <span className="avatar" aria-hidden="true">
          {conversation.peer.slice(0, 1).toUpperCase()}
        </span>
        <h2>{conversation.peer}</h2>
      </header>
      <ol
        className="messages"
        ref={listRef}
        onScroll={onScroll}
        role="log"
        aria-label={`Messages with ${conversation.peer}`}
        aria-live="polite"
        tabIndex={0}
      >
        {hasOlder && (
          <li className="older">
            <button type="button" className="link" onClick={loadOlder}>
              Load older messages
            </button>
          </li>
        )}
        {messages.length === 0 && <li className="empty">No messages yet. Say hello!</li>}
        {visible.map((m) => (
          <MessageBubble key={m.localId ?? m.id} message={m} actions={actions} />
        ))}
      </ol>
      <Composer
        ref={composerRef}
        peer={conversation.peer}
        onSend={(text) => {
          pinned.current = true;
          onSend(text);
        }}
        onSendFile={(file) => {
          pinned.current = true;
          onSendFile(file);
        }}
      />
    </section>
  );
}
