// A round avatar: the user's picture when they set an avatar URL (the first letter when it fails to
// load), and a presence dot when their presence is known. Decorative: names and state are in the text.
import { useState } from 'react';
import type { Presence } from '../contacts/contact-store.js';

interface Props {
  name: string;
  url?: string | undefined;
  presence?: Presence | undefined;
  group?: boolean;
  small?: boolean;
}

export function UserAvatar({ name, url, presence, group = false, small = false }: Props) {
  const [failed, setFailed] = useState<string | undefined>();
  const showImage = url && failed !== url;
  return (
    <span className={`avatar${group ? ' group' : ''}${small ? ' small' : ''}`} aria-hidden="true">
      {showImage ? (
        <img className="avatar-img" src={url} alt="" onError={() => setFailed(url)} />
      ) : (
        name.slice(0, 1).toUpperCase()
      )}
      {presence && (
        <span
          className="presence-dot"
          data-presence={presence.online ? 'online' : 'offline'}
          title={presence.online ? 'Online' : 'Offline'}
        />
      )}
    </span>
  );
}

/** "Online · In a meeting", "Offline". */
export function presenceText(presence: Presence | undefined): string | undefined {
  if (!presence) return undefined;
  const state = presence.online ? 'Online' : 'Offline';
  return presence.text ? `${state} · ${presence.text}` : state;
}
