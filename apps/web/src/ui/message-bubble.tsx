// One message. Each message type has a renderer here; new types (image, file) add one.
import type { ChatMessage, DeliveryState } from '../chat/model.js';
import { describeError } from '../chat/error-text.js';
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

function Body({ message }: { message: ChatMessage }) {
  switch (message.type) {
    case 'txt':
      return <p className="text">{message.text}</p>;
    case 'unsupported':
      return (
        <p className="text muted">This {message.originalType} message cannot be shown by this client yet.</p>
      );
  }
}

export function MessageBubble({ message, onRetry }: { message: ChatMessage; onRetry: () => void }) {
  const state = message.direction === 'out' ? (message.state ?? 'sent') : undefined;
  return (
    <li className={`msg msg-${message.direction}`} data-state={state}>
      <div className="bubble">
        <Body message={message} />
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
      {state === 'failed' && (
        <div className="msg-failed">
          {message.error ? describeError(message.error) : 'Not sent.'}{' '}
          <button type="button" className="link" onClick={onRetry}>
            Retry
          </button>
        </div>
      )}
    </li>
  );
}
