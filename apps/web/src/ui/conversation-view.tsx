// One conversation: the newest messages first, older ones shown when scrolling up (or with the button):
// first from what is already here, and from the server's history while it has more. Live messages are
// appended while staying pinned to the bottom; the composer at the end.
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
  /** The server may have older messages than those here. */
  serverHasOlder: boolean;
  /** A server history page is being loaded. */
  loadingOlder: boolean;
  /** Loads the next older page from the server (errors are reported by the session). */
  onLoadOlder: () => Promise<void>;
}

export function ConversationView({
  conversation,
  messages,
  onSend,
  onSendFile,
  actions,
  onBack,
  serverHasOlder,
  loadingOlder,
  onLoadOlder,
}: Props) {
  const [shown, setShown] = useState(PAGE);
  const [busy, setBusy] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const pinned = useRef(true);
  const keyRef = useRef(conversation.key);
  keyRef.current = conversation.key;
  /** Distance from the bottom to keep while older messages are being added above. */
  const restoreFrom = useRef<number | undefined>(undefined);
  const visible = messages.slice(-shown);
  const hasOlder = messages.length > visible.length || serverHasOlder;
  const loading = busy || loadingOlder;

  // A new conversation: start at the bottom with one page, and put the cursor in the composer.
  useEffect(() => {
    setShown(PAGE);
    setBusy(false);
    restoreFrom.current = undefined;
    pinned.current = true;
    composerRef.current?.focus();
  }, [conversation.key]);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    if (restoreFrom.current !== undefined) {
      // Older messages were added above: keep what the user was looking at in place until done.
      list.scrollTop = list.scrollHeight - restoreFrom.current;
      if (!busy) restoreFrom.current = undefined;
    } else if (pinned.current) {
      list.scrollTop = list.scrollHeight;
    }
  }, [visible.length, messages, conversation.key, busy]);

  const loadOlder = async () => {
    const list = listRef.current;
    if (!hasOlder || !list || loading) return;
    const key = conversation.key;
    restoreFrom.current = list.scrollHeight - list.scrollTop;
    setBusy(true);
    try {
      // Ask the server when what is here runs out within the next page.
      if (serverHasOlder && messages.length - visible.length < PAGE) await onLoadOlder();
    } finally {
      if (keyRef.current === key) {
        setShown((n) => n + PAGE);
        setBusy(false);
      }
    }
  };

  const onScroll = () => {
    const list = listRef.current;
    if (!list) return;
    pinned.current = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    if (list.scrollTop < 60 && hasOlder && !loading) void loadOlder();
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
            <button type="button" className="link" onClick={() => void loadOlder()} disabled={loading}>
              {loading ? 'Loading older messages…' : 'Load older messages'}
            </button>
          </li>
        )}
        {messages.length === 0 && !loading && <li className="empty">No messages yet. Say hello!</li>}
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
