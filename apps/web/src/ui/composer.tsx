// The message box: Enter sends, Shift+Enter starts a new line (IME composition is respected).
import { forwardRef, useId, useState, type KeyboardEvent } from 'react';

export const MAX_TEXT = 5000;

export const Composer = forwardRef<HTMLTextAreaElement, { peer: string; onSend: (text: string) => void }>(
  function Composer({ peer, onSend }, ref) {
    const [text, setText] = useState('');
    const id = useId();
    const tooLong = text.length > MAX_TEXT;

    const send = () => {
      const value = text.trim();
      if (!value || tooLong) return;
      onSend(value);
      setText('');
    };
    const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
        e.preventDefault();
        send();
      }
    };

    return (
      <form
        className="composer"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <label htmlFor={`${id}-text`} className="visually-hidden">
          Message to {peer}
        </label>
        <textarea
          id={`${id}-text`}
          ref={ref}
          rows={1}
          placeholder={`Message ${peer}`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          aria-describedby={`${id}-hint`}
          aria-invalid={tooLong || undefined}
        />
        <span id={`${id}-hint`} className="visually-hidden">
          Enter sends, Shift+Enter adds a new line.
        </span>
        <button type="submit" className="primary send" disabled={!text.trim() || tooLong}>
          Send
        </button>
        {tooLong && (
          <p className="field-problem" role="alert">
            {text.length - MAX_TEXT} characters too long.
          </p>
        )}
      </form>
    );
  },
);
