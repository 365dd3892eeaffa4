// "New room": a name and an optional description, inline at the top of the room list. Only super admins
// may create rooms (the app server names them): anyone else gets the refusal as a note in the list.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

interface Props {
  /** Resolves the new room's id, or undefined when it failed (the reason is shown elsewhere). */
  onCreate: (name: string, description: string) => Promise<string | undefined>;
  onDone: () => void;
}

export function RoomCreateForm({ onCreate, onDone }: Props) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const id = useId();
  useEffect(() => nameRef.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const title = name.trim();
    if (!title) return setProblem('Give the room a name.');
    setProblem(undefined);
    setBusy(true);
    const created = await onCreate(title, description.trim());
    setBusy(false);
    if (created) onDone();
  };

  return (
    <form
      className="group-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onDone();
        }
      }}
      noValidate
    >
      <h2 id={`${id}-title`}>New room</h2>
      <p className="room-note-inline">Only super admins (named by the app server) can create rooms.</p>
      <label htmlFor={`${id}-name`}>Room name</label>
      <input
        id={`${id}-name`}
        ref={nameRef}
        value={name}
        onChange={(e) => setName(e.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
      />
      <label htmlFor={`${id}-description`}>Description</label>
      <input
        id={`${id}-description`}
        value={description}
        placeholder="Optional: shown as the topic until one is set"
        onChange={(e) => setDescription(e.target.value)}
      />
      {problem && (
        <p id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </p>
      )}
      <span className="group-form-buttons">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create room'}
        </button>
        <button type="button" className="ghost" onClick={onDone}>
          Cancel
        </button>
      </span>
    </form>
  );
}
