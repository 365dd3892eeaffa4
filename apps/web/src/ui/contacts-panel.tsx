// The contacts view, in the sidebar's place: friend requests to answer (live), the contacts with
// presence and status text, each with Chat and Remove, a form to send a request by user ID with a
// message, and the user's own profile (nickname, avatar URL, status text).
import { useId, useState, type FormEvent } from 'react';
import type { ContactSession } from '../contacts/contact-session.js';
import type { ContactState } from '../contacts/contact-store.js';
import { displayName, labelName } from '../contacts/display-name.js';
import { ProfileForm } from './profile-form.js';
import { UserAvatar, presenceText } from './user-avatar.js';

interface Props {
  me: string;
  state: ContactState;
  contacts: ContactSession;
  onChat: (user: string) => void;
}

function AddContactForm({ me, contacts }: { me: string; contacts: ContactSession }) {
  const [user, setUser] = useState('');
  const [message, setMessage] = useState('');
  const [note, setNote] = useState<{ text: string; problem: boolean } | undefined>();
  const [busy, setBusy] = useState(false);
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const to = user.trim();
    if (!to) return setNote({ text: 'Enter the user ID of the person to add.', problem: true });
    if (to === me) return setNote({ text: 'That is you: enter someone else’s user ID.', problem: true });
    setBusy(true);
    setNote(undefined);
    const exists = await contacts.exists(to);
    if (exists === false) {
      setBusy(false);
      return setNote({ text: `There is no user ${to}.`, problem: true });
    }
    const sent = exists && (await contacts.request(to, message.trim()));
    setBusy(false);
    if (sent) {
      setUser('');
      setMessage('');
      setNote({ text: `Request sent to ${to}.`, problem: false });
    }
  };

  return (
    <form
      className="contact-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <h3 id={`${id}-title`}>Add a contact</h3>
      <label htmlFor={`${id}-user`}>User ID</label>
      <input
        id={`${id}-user`}
        value={user}
        autoCapitalize="none"
        spellCheck={false}
        onChange={(e) => setUser(e.target.value)}
        aria-invalid={note?.problem ? true : undefined}
      />
      <label htmlFor={`${id}-message`}>Message</label>
      <input
        id={`${id}-message`}
        value={message}
        placeholder="Hi, it's me"
        onChange={(e) => setMessage(e.target.value)}
      />
      {note && (
        <p className={note.problem ? 'field-problem' : 'field-note'} role={note.problem ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Sending…' : 'Send request'}
      </button>
    </form>
  );
}

export function ContactsPanel({ me, state, contacts, onChat }: Props) {
  return (
    <section className="contacts-panel" aria-label="Contacts">
      {state.requests.length > 0 && (
        <section aria-label="Contact requests" className="contact-section">
          <h3>Requests</h3>
          <ul className="contact-list">
            {state.requests.map((r) => (
              <li key={r.from} className="contact-row" aria-label={`Request from ${r.from}`}>
                <UserAvatar name={r.from} small />
                <span className="contact-main">
                  <span className="contact-name">{r.from}</span>
                  {r.message && <span className="contact-sub">“{r.message}”</span>}
                </span>
                <button type="button" className="primary" onClick={() => void contacts.answer(r.from, true)}>
                  Accept
                </button>
                <button type="button" className="ghost" onClick={() => void contacts.answer(r.from, false)}>
                  Decline
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-label="Your contacts" className="contact-section">
        <h3>Contacts</h3>
        {state.sent.length > 0 && <p className="contact-sub">Waiting for: {state.sent.join(', ')}</p>}
        {state.contacts.length === 0 ? (
          <p className="empty">No contacts yet.</p>
        ) : (
          <ul className="contact-list">
            {state.contacts.map((user) => {
              const profile = state.profiles[user];
              const presence = state.presence[user];
              return (
                <li key={user} className="contact-row" data-user={user} aria-label={labelName(user, profile)}>
                  <UserAvatar
                    name={displayName(user, profile)}
                    url={profile?.avatarurl}
                    presence={presence}
                    small
                  />
                  <span className="contact-main">
                    <span className="contact-name">{labelName(user, profile)}</span>
                    <span className="contact-sub">{presenceText(presence) ?? ''}</span>
                  </span>
                  <button type="button" className="ghost" onClick={() => onChat(user)}>
                    Chat
                  </button>
                  <button
                    type="button"
                    className="ghost"
                    aria-label={`Remove ${user} from contacts`}
                    onClick={() => void contacts.remove(user)}
                  >
                    Remove
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <AddContactForm me={me} contacts={contacts} />
      <ProfileForm me={me} state={state} contacts={contacts} />
    </section>
  );
}
