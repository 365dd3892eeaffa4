// A room's conversation: the shared ConversationView with the room's live member count and topic under
// its name, "Topic" (any member may set it: the room attribute "topic") and "Leave" (after a
// confirmation) in the header, and in place of the composer a note when the user is no longer in it.
import { useEffect, useId, useRef, useState, type ComponentProps, type FormEvent } from 'react';
import { topicOf, type RoomInfo } from '../rooms/room-model.js';
import { ConversationView } from './conversation-view.js';

export interface RoomActions {
  join: (id: string) => Promise<boolean>;
  leave: (id: string) => Promise<boolean>;
  setTopic: (id: string, topic: string) => Promise<boolean>;
}

type ViewProps = ComponentProps<typeof ConversationView>;

interface Props extends Omit<ViewProps, 'subtitle' | 'headerActions' | 'notice'> {
  room: RoomInfo | undefined;
  roomActions: RoomActions;
}

function TopicForm({
  initial,
  onSave,
  onDone,
}: {
  initial: string;
  onSave: (topic: string) => Promise<boolean>;
  onDone: () => void;
}) {
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  useEffect(() => input.current?.select(), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const ok = await onSave(text.trim());
    setBusy(false);
    if (ok) onDone();
  };
  return (
    <form
      className="room-topic-form"
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onDone();
        }
      }}
    >
      <label htmlFor={`${id}-topic`} className="visually-hidden">
        Room topic
      </label>
      <input
        id={`${id}-topic`}
        ref={input}
        value={text}
        maxLength={4096}
        placeholder="What is this room about?"
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="primary" disabled={busy}>
        Save topic
      </button>
      <button type="button" className="ghost" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

export function RoomConversation({ room, roomActions, ...view }: Props) {
  const [editing, setEditing] = useState(false);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const id = view.conversation.peer;
  const inRoom = room?.joined === true && !room.gone;
  useEffect(() => {
    setEditing(false);
    setConfirmLeave(false);
  }, [id]);

  const count = room?.memberCount;
  const topic = topicOf(room);
  const subtitle = (
    <>
      {count !== undefined && inRoom && (
        <span className="conv-subtitle room-count" aria-live="polite">
          {count} {count === 1 ? 'member' : 'members'}
        </span>
      )}
      {editing ? (
        <TopicForm
          initial={room?.topic || ''}
          onSave={(t) => roomActions.setTopic(id, t)}
          onDone={() => setEditing(false)}
        />
      ) : (
        topic && (
          <span className="conv-subtitle room-topic" title={topic}>
            Topic: {topic}
          </span>
        )
      )}
    </>
  );

  const headerActions = inRoom ? (
    confirmLeave ? (
      <span className="room-actions" role="group" aria-label="Leave the room?">
        <span>Leave {view.title}?</span>
        <button
          type="button"
          className="danger"
          onClick={() => {
            setConfirmLeave(false);
            void roomActions.leave(id);
          }}
        >
          Leave
        </button>
        <button type="button" className="ghost" onClick={() => setConfirmLeave(false)}>
          Cancel
        </button>
      </span>
    ) : (
      <span className="room-actions">
        <button type="button" className="ghost" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          {room?.topic ? 'Edit topic' : 'Set topic'}
        </button>
        <button type="button" className="ghost" onClick={() => setConfirmLeave(true)}>
          Leave room
        </button>
      </span>
    )
  ) : undefined;

  const notice = inRoom ? undefined : (
    <div className="composer composer-note" role="group" aria-label="Not in this room">
      <span>
        {room?.gone === 'destroyed'
          ? 'This room was deleted.'
          : room?.gone === 'removed'
            ? 'You were removed from this room.'
            : 'You are not in this room.'}
      </span>
      {room?.gone !== 'destroyed' && (
        <button type="button" className="primary" onClick={() => void roomActions.join(id)}>
          Join
        </button>
      )}
    </div>
  );

  return <ConversationView {...view} subtitle={subtitle} headerActions={headerActions} notice={notice} />;
}
