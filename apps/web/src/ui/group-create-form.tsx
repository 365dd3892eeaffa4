// "New group": a name and the user IDs of the first members, inline under the new-chat form. The
// members are in at once (no invitation to answer); Escape or Cancel closes it. The server checks the
// name's length and the user IDs (its limits are configurable): its error is shown with its code.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

/** User IDs typed as "bob, carol dave": split on commas and spaces, without duplicates. */
export function parseUserIds(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter((s) => s !== ''))];
}

interface Props {
  me: string;
  /** Resolves the new group's id, or undefined when it failed (the error is shown elsewhere). */
  onCreate: (name: string, members: string[]) => Promise<string | undefined>;
  onDone: () => void;
}

export function GroupCreateForm({ me, onCreate, onDone }: Props) {
  const [name, setName] = useState('');
  const [members, setMembers] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const id = useId();
  useEffect(() => nameRef.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const title = name.trim();
    if (!title) return setProblem('Give the group a name.');
    const users = parseUserIds(members).filter((u) => u !== me);
    setProblem(undefined);
    setBusy(true);
    const created = await onCreate(title, users);
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
      <h2 id={`${id}-title`}>New group</h2>
      <label htmlFor={`${id}-name`}>Group name</label>
      <input
        id={`${id}-name`}
        ref={nameRef}
        value={name}
        onChange={(e) => setName(e.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
      />
      <label htmlFor={`${id}-members`}>Members</label>
      <input
        id={`${id}-members`}
        value={members}
        placeholder="User IDs, separated by commas"
        autoCapitalize="none"
        spellCheck={false}
        onChange={(e) => setMembers(e.target.value)}
      />
      {problem && (
        <p id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </p>
      )}
      <span className="group-form-buttons">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create group'}
        </button>
        <button type="button" className="ghost" onClick={onDone}>
          Cancel
        </button>
      </span>
    </form>
  );
}
