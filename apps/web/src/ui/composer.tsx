// The message box: Enter sends, Shift+Enter starts a new line (IME composition is respected).
import { forwardRef, useId, useRef, useState, type KeyboardEvent } from 'react';

export const MAX_TEXT = 5000;

interface Props {
  peer: string;
  onSend: (text: string) => void;
  /** An image (image/*) or any other file to send. */
  onSendFile: (file: File) => void;
}

export const Composer = forwardRef<HTMLTextAreaElement, Props>(function Composer(
  { peer, onSend, onSendFile },
  ref,
) {
  const [text, setText] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);
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
      <input
        id={`${id}-file`}
        ref={fileRef}
        type="file"
        className="visually-hidden"
        tabIndex={-1}
        onChange={(e) => {
          for (const file of e.target.files ?? []) onSendFile(file);
          e.target.value = '';
        }}
        multiple
      />
      <button
        type="button"
        className="icon attach"
        aria-label={`Send a file or an image to ${peer}`}
        title="Send a file or an image"
        onClick={() => fileRef.current?.click()}
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          width="20"
          height="20"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
        >
          <path d="M21 11.5 12.5 20a5 5 0 0 1-7-7L14 4.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4L15.5 7.6" />
        </svg>
      </button>
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
});
