// The app's chat rooms (getChatRooms, a page at a time): name, member count and whether the user is in
// it. "Join" joins and opens the room's conversation ("Open" for a room the user is in: it makes this
// device present again). "New room" is for super admins only: for anyone else the server's refusal
// disables it, with the reason.
import { useEffect, useState } from 'react';
import type { RoomsState } from '../rooms/room-store.js';
import { RoomCreateForm } from './room-create-form.js';

interface Props {
  rooms: RoomsState;
  /** The open conversation's room id, if a room is open. */
  activeRoom: string | undefined;
  /** Unread messages per room id (received while another conversation was open). */
  unread: Readonly<Record<string, number>>;
  onLoadMore: (reset?: boolean) => void;
  onOpen: (id: string) => void;
  onCreate: (name: string, description: string) => Promise<string | undefined>;
}

export const NOT_SUPER_ADMIN =
  'Only super admins can create rooms: ask the app’s administrator (the app server names super admins).';

export function RoomList({ rooms, activeRoom, unread, onLoadMore, onOpen, onCreate }: Props) {
  const [creating, setCreating] = useState(false);
  const refused = rooms.canCreate === 'no';
  const first = rooms.order.length === 0 && rooms.nextPage === 1 && !rooms.loading;

  useEffect(() => {
    if (first) onLoadMore(true);
    // Only when the panel opens with nothing loaded.
  }, []);

  return (
    <nav className="sidebar room-list" aria-label="Rooms">
      <div className="room-list-top">
        <h2>Rooms</h2>
        <button
          type="button"
          className="ghost"
          onClick={() => onLoadMore(true)}
          disabled={rooms.loading}
          aria-label="Refresh the room list"
        >
          Refresh
        </button>
        <button
          type="button"
          className="primary"
          aria-expanded={creating}
          disabled={refused}
          aria-describedby={refused ? 'room-create-refused' : undefined}
          title={refused ? NOT_SUPER_ADMIN : 'Create a room (super admins only)'}
          onClick={() => setCreating(!creating)}
        >
          New room
        </button>
      </div>
      {refused && (
        <p id="room-create-refused" className="room-note" role="note">
          {NOT_SUPER_ADMIN}
        </p>
      )}
      {creating && !refused && (
        <RoomCreateForm
          onCreate={async (name, description) => {
            const id = await onCreate(name, description);
            if (id) onOpen(id);
            return id;
          }}
          onDone={() => setCreating(false)}
        />
      )}
      {rooms.order.length === 0 ? (
        <p className="empty">{rooms.loading ? 'Loading the rooms…' : 'No rooms yet.'}</p>
      ) : (
        <ul className="conv-list">
          {rooms.order.map((id) => {
            const room = rooms.rooms[id];
            if (!room) return null;
            const name = room.name || id;
            const count = room.memberCount;
            const badge = unread[id] ?? 0;
            return (
              <li key={id} className="conv-row room-row">
                <span className="avatar group" aria-hidden="true">
                  #
                </span>
                <span className="conv-main">
                  <span className="conv-name">{name}</span>
                  <span className="conv-preview">
                    {count === undefined ? '' : `${count} ${count === 1 ? 'member' : 'members'}`}
                    {room.joined ? ' · joined' : ''}
                  </span>
                </span>
                {badge > 0 && (
                  <span className="badge" aria-label={`${badge} unread`}>
                    {badge > 99 ? '99+' : badge}
                  </span>
                )}
                <button
                  type="button"
                  className={room.joined ? 'ghost' : 'primary'}
                  aria-current={id === activeRoom ? 'true' : undefined}
                  aria-label={`${room.joined ? 'Open' : 'Join'} the room ${name}`}
                  onClick={() => onOpen(id)}
                >
                  {room.joined ? 'Open' : 'Join'}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {rooms.hasMore && rooms.order.length > 0 && (
        <button
          type="button"
          className="link room-more"
          disabled={rooms.loading}
          onClick={() => onLoadMore()}
        >
          {rooms.loading ? 'Loading…' : 'More rooms'}
        </button>
      )}
    </nav>
  );
}
