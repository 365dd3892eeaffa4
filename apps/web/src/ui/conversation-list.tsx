// Conversations, pinned first and then most recent first, with last message, time and unread badge; a
// form on top starts a conversation with a user id, or opens the new-group form. Groups show their name
// and the sender of their last message. Arrow keys move between conversations. Each row can be
// pinned/unpinned and deleted (after an inline confirmation).
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ChatType } from '@confab/sdk';
import { previewOf, type ChatMessage, type Conversation } from '../chat/model.js';
import type { ContactState } from '../contacts/contact-store.js';
import { displayName, labelName } from '../contacts/display-name.js';
import { groupName } from '../groups/group-model.js';
import type { Groups } from '../groups/group-store.js';
import { shortTime } from './format-time.js';
import { GroupCreateForm } from './group-create-form.js';
import { UserAvatar } from './user-avatar.js';

interface Props {
  conversations: readonly Conversation[];
  activeKey: string | undefined;
  me: string;
  groups: Groups;
  /** Nicknames, avatars and presence of single-chat peers. */
  people: Pick<ContactState, 'profiles' | 'presence'>;
  /** Opens a chat with a user ID typed in; resolves why not (e.g. no such user), or undefined. */
  onStart: (peer: string) => Promise<string | undefined>;
  /** Resolves the new group's id (undefined: it failed, the error is shown elsewhere). */
  onCreateGroup: (name: string, members: string[]) => Promise<string | undefined>;
  onOpen: (peer: string, chatType?: ChatType) => void;
  onPin: (conversation: Conversation, pinned: boolean) => void;
  onDelete: (conversation: Conversation) => void;
}

/** "Delete the chat with bob?" in place of the row's actions; focus starts on Cancel. */
function ConfirmDelete({
  peer,
  onConfirm,
  onCancel,
}: {
  peer: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div
      className="conv-confirm"
      role="group"
      aria-labelledby={`${id}-q`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <span id={`${id}-q`}>Delete the chat with {peer} and its history?</span>
      <button type="button" className="danger" onClick={onConfirm}>
        Delete
      </button>
      <button type="button" className="ghost" ref={cancel} onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

const PinIcon = () => (
  <svg
    aria-hidden="true"
    viewBox="0 0 24 24"
    width="16"
    height="16"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
  >
    <path d="M9 4h6l-1 6 4 4H6l4-4zM12 14v6" strokeLinejoin="round" strokeLinecap="round" />
  </svg>
);

const TrashIcon = () => (
  <svg
    aria-hidden="true"
    viewBox="0 0 24 24"
    width="16"
    height="16"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
    strokeLinecap="round"
    strokeLinejoin="round"
  >
    <path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />
  </svg>
);

/** The name a conversation is shown by: the group's name, or the peer's nickname (else user ID). */
export function titleOf(c: Conversation, groups: Groups, people?: Pick<ContactState, 'profiles'>): string {
  if (c.chatType === 'groupChat') return groupName(groups, c.peer);
  return displayName(c.peer, people?.profiles[c.peer]);
}

/** The name a conversation is labelled by: unambiguous ("Ann Lee (ann)") for nicknamed peers. */
function labelOf(c: Conversation, groups: Groups, people: Pick<ContactState, 'profiles'>): string {
  return c.chatType === 'groupChat' ? groupName(groups, c.peer) : labelName(c.peer, people.profiles[c.peer]);
}

/** The last message line: "You: …" for ours, "ann: …" for someone else's in a group. */
function previewLine(c: Conversation, last: ChatMessage): string {
  if (last.type === 'event') return previewOf(last);
  if (last.direction === 'out') return `You: ${previewOf(last)}`;
  return c.chatType === 'groupChat' ? `${last.from}: ${previewOf(last)}` : previewOf(last);
}

const GroupIcon = () => (
  <svg
    aria-hidden="true"
    viewBox="0 0 24 24"
    width="20"
    height="20"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
    strokeLinecap="round"
    strokeLinejoin="round"
  >
    <circle cx="9" cy="8" r="3.2" />
    <path d="M3 19c0-3.3 2.7-5.5 6-5.5s6 2.2 6 5.5M16 5.2a3 3 0 0 1 0 5.6M18 13.8c1.9.6 3 2.6 3 5.2M19 3v4M17 5h4" />
  </svg>
);

export function ConversationList({
  conversations,
  activeKey,
  me,
  groups,
  people,
  onStart,
  onCreateGroup,
  onOpen,
  onPin,
  onDelete,
}: Props) {
  const [confirming, setConfirming] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [peer, setPeer] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [checking, setChecking] = useState(false);
  const id = useId();

  const start = async (e: FormEvent) => {
    e.preventDefault();
    const name = peer.trim();
    if (!name) return setProblem('Enter the user id of the person to chat with.');
    if (name === me) return setProblem('That is you: enter someone else’s user id.');
    if (checking) return;
    setProblem(undefined);
    setChecking(true);
    const why = await onStart(name);
    setChecking(false);
    if (why) return setProblem(why);
    setPeer('');
  };

  const focusRow = (key: string) =>
    requestAnimationFrame(() =>
      [...document.querySelectorAll<HTMLButtonElement>('button.conv')]
        .find((b) => b.dataset['key'] === key)
        ?.focus(),
    );

  const moveFocus = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button.conv')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const to = buttons[Math.max(0, Math.min(buttons.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (to) {
      e.preventDefault();
      to.focus();
    }
  };

  return (
    <nav className="sidebar" aria-label="Conversations">
      <form className="new-chat" onSubmit={(e) => void start(e)} noValidate>
        <label htmlFor={`${id}-peer`} className="visually-hidden">
          Start a conversation with user ID
        </label>
        <input
          id={`${id}-peer`}
          // After login, and when leaving a conversation at phone width, start here.
          autoFocus={activeKey === undefined}
          placeholder="Start a chat: user ID"
          autoCapitalize="none"
          spellCheck={false}
          value={peer}
          onChange={(e) => setPeer(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
        />
        <button type="submit" className="primary" disabled={checking}>
          Chat
        </button>
        <button
          type="button"
          className="icon ghost new-group"
          aria-label="New group"
          title="New group"
          aria-expanded={creating}
          onClick={() => setCreating(!creating)}
        >
          <GroupIcon />
        </button>
        {problem && (
          <p id={`${id}-problem`} className="field-problem" role="alert">
            {problem}
          </p>
        )}
      </form>
      {creating && (
        <GroupCreateForm
          me={me}
          onCreate={async (name, members) => {
            const created = await onCreateGroup(name, members);
            if (created) onOpen(created, 'groupChat');
            return created;
          }}
          onDone={() => setCreating(false)}
        />
      )}
      {conversations.length === 0 ? (
        <p className="empty">No conversations yet. Enter a user ID above to start one, or create a group.</p>
      ) : (
        <ul className="conv-list" onKeyDown={moveFocus}>
          {conversations.map((c) => {
            const title = labelOf(c, groups, people);
            const group = c.chatType === 'groupChat';
            const profile = group ? undefined : people.profiles[c.peer];
            return (
              <li key={c.key} className="conv-row" data-pinned={c.pinned || undefined}>
                <button
                  type="button"
                  className="conv"
                  data-key={c.key}
                  aria-current={c.key === activeKey ? 'true' : undefined}
                  aria-label={`${title}${group ? ', group' : ''}${c.pinned ? ', pinned' : ''}${
                    c.unread ? `, ${c.unread} unread` : ''
                  }${c.lastMessage ? `, last message: ${previewOf(c.lastMessage)}` : ''}`}
                  onClick={() => onOpen(c.peer, c.chatType)}
                >
                  <UserAvatar
                    name={titleOf(c, groups, people)}
                    url={profile?.avatarurl}
                    presence={group ? undefined : people.presence[c.peer]}
                    group={group}
                  />
                  <span className="conv-main">
                    <span className="conv-top">
                      <span className="conv-name">
                        {titleOf(c, groups, people)}
                        {profile?.nickname && profile.nickname !== c.peer && (
                          <span className="conv-id"> {c.peer}</span>
                        )}
                        {c.pinned && (
                          <span className="conv-pin" title="Pinned">
                            <PinIcon />
                          </span>
                        )}
                      </span>
                      {c.lastMessage && <time className="conv-time">{shortTime(c.lastMessage.time)}</time>}
                    </span>
                    <span className="conv-bottom">
                      <span className="conv-preview">
                        {c.lastMessage ? previewLine(c, c.lastMessage) : 'No messages yet'}
                      </span>
                      {c.unread > 0 && (
                        <span className="badge" aria-hidden="true">
                          {c.unread > 99 ? '99+' : c.unread}
                        </span>
                      )}
                    </span>
                  </span>
                </button>
                {confirming === c.key ? (
                  <ConfirmDelete
                    peer={title}
                    onConfirm={() => {
                      setConfirming(undefined);
                      onDelete(c);
                    }}
                    onCancel={() => {
                      setConfirming(undefined);
                      focusRow(c.key);
                    }}
                  />
                ) : (
                  <span className="conv-actions">
                    {c.lastMessage && (
                      <button
                        type="button"
                        className="icon"
                        aria-label={`${c.pinned ? 'Unpin' : 'Pin'} the chat with ${title}`}
                        title={c.pinned ? 'Unpin' : 'Pin to the top'}
                        aria-pressed={c.pinned ? 'true' : 'false'}
                        onClick={() => onPin(c, !c.pinned)}
                      >
                        <PinIcon />
                      </button>
                    )}
                    <button
                      type="button"
                      className="icon"
                      aria-label={`Delete the chat with ${title}`}
                      title="Delete"
                      onClick={() => setConfirming(c.key)}
                    >
                      <TrashIcon />
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
