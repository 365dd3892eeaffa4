// The user's own profile in the contacts view: nickname and avatar URL (updateOwnUserInfo), and the
// status text contacts see beside the presence dot (publishPresence).
import { useId, useState, type FormEvent } from 'react';
import type { ContactSession } from '../contacts/contact-session.js';
import type { ContactState } from '../contacts/contact-store.js';
import { UserAvatar } from './user-avatar.js';

interface Props {
  me: string;
  state: ContactState;
  contacts: ContactSession;
}

export function ProfileForm({ me, state, contacts }: Props) {
  const profile = state.profiles[me];
  const [nickname, setNickname] = useState<string | undefined>();
  const [avatar, setAvatar] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const id = useId();

  const saveProfile = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await contacts.updateProfile({
      nickname: (nickname ?? profile?.nickname ?? '').trim(),
      avatarurl: (avatar ?? profile?.avatarurl ?? '').trim(),
    });
    if (ok) setSaved('Profile saved.');
  };
  const publish = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await contacts.publishStatus((status ?? '').trim());
    if (ok) setSaved('Status published.');
  };

  return (
    <section className="contact-section profile" aria-label="Your profile">
      <h3>
        <UserAvatar name={profile?.nickname || me} url={profile?.avatarurl} small /> You ({me})
      </h3>
      <form className="contact-form" onSubmit={(e) => void saveProfile(e)}>
        <label htmlFor={`${id}-nick`}>Nickname</label>
        <input
          id={`${id}-nick`}
          value={nickname ?? profile?.nickname ?? ''}
          maxLength={100}
          onChange={(e) => setNickname(e.target.value)}
        />
        <label htmlFor={`${id}-avatar`}>Avatar URL</label>
        <input
          id={`${id}-avatar`}
          type="url"
          value={avatar ?? profile?.avatarurl ?? ''}
          placeholder="https://…"
          maxLength={256}
          onChange={(e) => setAvatar(e.target.value)}
        />
        <button type="submit" className="ghost">
          Save profile
        </button>
      </form>
      <form className="contact-form" onSubmit={(e) => void publish(e)}>
        <label htmlFor={`${id}-status`}>Status</label>
        <input
          id={`${id}-status`}
          value={status ?? state.presence[me]?.text ?? ''}
          placeholder="What are you up to?"
          maxLength={200}
          onChange={(e) => setStatus(e.target.value)}
        />
        <button type="submit" className="ghost">
          Set status
        </button>
      </form>
      {saved && (
        <p className="field-note" role="status">
          {saved}
        </p>
      )}
    </section>
  );
}
