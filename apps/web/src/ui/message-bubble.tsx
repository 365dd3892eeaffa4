// One message. Each message type has a renderer here; a new type adds a case.
import type { ChatMessage, DeliveryState } from '../chat/model.js';
import { describeError } from '../chat/error-text.js';
import { FileAttachment, ImageAttachment, type Download } from './attachment-view.js';
import { fullTime, shortTime } from './format-time.js';

const stateText: Record<DeliveryState, string> = {
  sending: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not sent',
};
const stateIcon: Record<DeliveryState, string> = {
  sending: '◷',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  failed: '!',
};

export interface MessageActions {
  retry: (message: ChatMessage) => void;
  recall: (message: ChatMessage) => void;
  download: Download;
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
  }
}

export function MessageBubble({ message, actions }: { message: ChatMessage; actions: MessageActions }) {
  const state = message.direction === 'out' ? (message.state ?? 'sent') : undefined;
  const canRecall =
    message.direction === 'out' && !message.recalled && state !== 'sending' && state !== 'failed';
  return (
    <li
      className={`msg msg-${message.direction}`}
      data-state={state}
      data-recalled={message.recalled || undefined}
    >
      <div className="bubble">
        <Body message={message} download={actions.download} />
        <span className="meta">
          <time dateTime={new Date(message.time).toISOString()} title={fullTime(message.time)}>
            {shortTime(message.time)}
          </time>
          {state && (
            <span className={`state state-${state}`} title={stateText[state]}>
              <span aria-hidden="true">{stateIcon[state]}</span>
              <span className="visually-hidden">{stateText[state]}</span>
            </span>
          )}
        </span>
      </div>
      {canRecall && (
        <button type="button" className="link msg-action" onClick={() => actions.recall(message)}>
          Recall<span className="visually-hidden"> this message</span>
        </button>
      )}
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
