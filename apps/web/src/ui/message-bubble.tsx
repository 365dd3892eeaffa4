// One message. Each message type has a renderer here; a new type adds a case. Own sent messages have
// actions (Edit for text, Recall); Edit turns the bubble into an inline editor.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ChatMessage, DeliveryState, TextMessage } from '../chat/model.js';
import { describeError } from '../chat/error-text.js';
import { FileAttachment, ImageAttachment, type Download } from './attachment-view.js';
import { fullTime, shortTime } from './format-time.js';

const stateText: Record<DeliveryState, string> = {
  pending: 'Waiting for the connection',
  sending: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not sent',
};
const stateIcon: Record<DeliveryState, string> = {
  pending: '◷',
  sending: '◷',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  failed: '!',
};

export interface MessageActions {
  retry: (message: ChatMessage) => void;
  recall: (message: ChatMessage) => void;
  /** Resolves true once the server accepted the new text (false: the error is shown elsewhere). */
  edit: (message: ChatMessage, text: string) => Promise<boolean>;
  download: Download;
  /** The app's recall window (ms): Recall is offered only this long after sending. */
  recallWindowMs: number;
}

/** True until `deadline` (epoch ms), then false: re-renders once when the time comes. */
function useBefore(deadline: number): boolean {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const left = deadline - Date.now();
    if (left <= 0) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(left + 50, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [deadline, now]);
  return now < deadline;
}

/** The same limit as the composer. */
const MAX_EDIT = 5000;

/** Inline editor: Enter saves, Shift+Enter adds a line, Escape cancels (without leaving the chat). */
function EditBox({
  message,
  onSave,
  onDone,
}: {
  message: TextMessage;
  onSave: (text: string) => Promise<boolean>;
  onDone: () => void;
}) {
  const [text, setText] = useState(message.text);
  const [saving, setSaving] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }, []);
  const value = text.trim();
  const unchanged = value === message.text.trim();
  const tooLong = text.length > MAX_EDIT;

  const save = async () => {
    if (saving || !value || tooLong) return;
    if (unchanged) return onDone();
    setSaving(true);
    const ok = await onSave(value);
    setSaving(false);
    if (ok) onDone();
    else ref.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation(); // Escape elsewhere in the conversation leaves it
      onDone();
    } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void save();
    }
  };
  return (
    <form
      className="edit-box"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label htmlFor={`${id}-edit`} className="visually-hidden">
        Edit message
      </label>
      <textarea
        id={`${id}-edit`}
        ref={ref}
        rows={1}
        value={text}
        readOnly={saving}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby={`${id}-hint`}
        aria-invalid={tooLong || !value || undefined}
      />
      <span id={`${id}-hint`} className="edit-hint">
        {saving ? 'Saving…' : 'Enter saves, Escape cancels'}
      </span>
      <span className="edit-buttons">
        <button type="button" className="link" onClick={onDone} disabled={saving}>
          Cancel
        </button>
        <button type="submit" className="link" disabled={saving || !value || tooLong}>
          Save
        </button>
      </span>
    </form>
  );
}

function Body({ message, download }: { message: ChatMessage; download: Download }) {
  if (message.recalled)
    return (
      <p className="text muted">
        {message.direction === 'out' ? 'You recalled this message' : 'Message recalled'}
      </p>
    );
  switch (message.type) {
    case 'txt':
      return <p className="text">{message.text}</p>;
    case 'img':
      return <ImageAttachment message={message} download={download} />;
    case 'file':
    case 'audio':
    case 'video':
      return <FileAttachment message={message} download={download} />;
    case 'loc':
      return (
        <p className="text">
          📍 {message.addr || 'Location'}{' '}
          <span className="muted">
            ({message.lat.toFixed(5)}, {message.lng.toFixed(5)})
          </span>
        </p>
      );
    case 'unsupported':
      return (
        <p className="text muted">This {message.originalType} message cannot be shown by this client yet.</p>
      );
    case 'event':
      return <p className="text muted">{message.text}</p>;
  }
}

export function MessageBubble({
  message,
  actions,
  sender,
  footer,
}: {
  message: ChatMessage;
  actions: MessageActions;
  /** Shown above the message (who wrote it, in a group). */
  sender?: string | undefined;
  /** Under the bubble: reactions, thread overview (src/ui/reaction-bar.tsx, thread-*.tsx). */
  footer?: ReactNode;
}) {
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const state = message.direction === 'out' ? (message.state ?? 'sent') : undefined;
  const sent =
    message.direction === 'out' &&
    !message.recalled &&
    state !== 'sending' &&
    state !== 'pending' &&
    state !== 'failed';
  // Recall only inside the app's window (the server refuses later ones with 504).
  const inRecallWindow = useBefore(message.time + actions.recallWindowMs);
  const canRecall = sent && inRecallWindow;
  const canEdit = sent && message.type === 'txt';
  const stopEditing = () => {
    setEditing(false);
    // Back to where the user was: the Edit button of this message.
    requestAnimationFrame(() => editButton.current?.focus());
  };
  return (
    <li
      className={`msg msg-${message.direction}`}
      data-state={state}
      data-recalled={message.recalled || undefined}
      data-edited={message.edited ? true : undefined}
    >
      <div className={`bubble${editing ? ' editing' : ''}`}>
        {sender && <span className="sender">{sender}</span>}
        {editing && message.type === 'txt' ? (
          <EditBox message={message} onSave={(text) => actions.edit(message, text)} onDone={stopEditing} />
        ) : (
          <Body message={message} download={actions.download} />
        )}
        <span className="meta">
          {message.edited && !message.recalled && (
            <span className="edited" title={`Edited ${fullTime(message.edited.time || message.time)}`}>
              edited
            </span>
          )}
          <time dateTime={new Date(message.time).toISOString()} title={fullTime(message.time)}>
            {shortTime(message.time)}
          </time>
          {state && (
            <span className={`state state-${state}`} title={stateText[state]}>
              <span aria-hidden="true">{stateIcon[state]}</span>
              {state === 'pending' ? (
                <span className="pending-text"> {stateText[state]}</span>
              ) : (
                <span className="visually-hidden">{stateText[state]}</span>
              )}
            </span>
          )}
        </span>
      </div>
      {(canRecall || canEdit) && !editing && (
        <span className="msg-actions">
          {canEdit && (
            <button type="button" className="link" ref={editButton} onClick={() => setEditing(true)}>
              Edit<span className="visually-hidden"> this message</span>
            </button>
          )}
          {canRecall && (
            <button type="button" className="link" onClick={() => actions.recall(message)}>
              Recall<span className="visually-hidden"> this message</span>
            </button>
          )}
        </span>
      )}
      {footer}
      {state === 'failed' && (
        <div className="msg-failed">
          {message.error ? describeError(message.error) : 'Not sent.'}{' '}
          {message.type === 'txt' && (
            <button type="button" className="link" onClick={() => actions.retry(message)}>
              Retry
            </button>
          )}
        </div>
      )}
    </li>
  );
}
