// One conversation: the newest messages first, older ones shown when scrolling up (or with the button):
// first from what is already here, and from the server's history while it has more. Live messages are
// appended while staying pinned to the bottom; the composer at the end. A group conversation shows each
// sender's name, group events as system lines, and its member list on request.
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { ChatMessage, Conversation } from '../chat/model.js';
import type { Presence, Profile } from '../contacts/contact-store.js';
import type { GroupInfo } from '../groups/group-model.js';
import { Composer } from './composer.js';
import { GroupMembersPanel, type GroupActions } from './group-members-panel.js';
import { MessageBubble, type MessageActions } from './message-bubble.js';
import { UserAvatar, presenceText } from './user-avatar.js';

/** Messages rendered at first and added per "load older" step. */
export const PAGE = 30;

interface Props {
  conversation: Conversation;
  /** The name shown: the peer's user ID, or the group's name. */
  title: string;
  me: string;
  /** The group, for a group conversation. */
  group?: GroupInfo | undefined;
  groupActions: GroupActions;
  /** A single chat's peer: nickname and avatar, presence, and whether this user blocked them. */
  peer?: { profile?: Profile | undefined; presence?: Presence | undefined; blocked: boolean } | undefined;
  /** Blocks or unblocks the peer of a single chat. */
  onBlock?: (blocked: boolean) => void;
  messages: readonly ChatMessage[];
  onSend: (text: string) => void;
  onSendFile: (file: File) => void;
  actions: MessageActions;
  onBack: () => void;
  /** The server may have older messages than those here. */
  serverHasOlder: boolean;
  /** A server history page is being loaded. */
  loadingOlder: boolean;
  /** Loads the next older page from the server (errors are reported by the session). */
  onLoadOlder: () => Promise<void>;
  /** A room conversation: under the title (member count, topic), header buttons, and what replaces the
   * composer when the user cannot write (src/ui/room-header.tsx). */
  subtitle?: ReactNode;
  headerActions?: ReactNode;
  notice?: ReactNode;
  /** Under each message (reactions, thread overview). */
  messageFooter?: (message: ChatMessage) => ReactNode;
  /** Beside the messages (the open thread, src/ui/thread-panel.tsx). */
  sidePanel?: ReactNode;
}

/** Where the composer would be, when the user cannot write in a group. */
function GroupNotice({ group, actions }: { group: GroupInfo; actions: GroupActions }) {
  if (group.invitedBy && !group.role && !group.gone)
    return (
      <div className="composer composer-note" role="group" aria-label="Invitation">
        <span>{group.invitedBy} invited you to this group.</span>
        <button type="button" className="primary" onClick={() => void actions.answerInvite(group.id, true)}>
          Join
        </button>
        <button type="button" className="ghost" onClick={() => void actions.answerInvite(group.id, false)}>
          Decline
        </button>
      </div>
    );
  return (
    <p className="composer composer-note">
      {group.gone === 'destroyed' ? 'This group was deleted.' : 'You are no longer a member of this group.'}
    </p>
  );
}

export function ConversationView({
  conversation,
  title,
  me,
  group,
  groupActions,
  peer,
  onBlock,
  messages,
  onSend,
  onSendFile,
  actions,
  onBack,
  serverHasOlder,
  loadingOlder,
  onLoadOlder,
  subtitle,
  headerActions,
  notice,
  messageFooter,
  sidePanel,
}: Props) {
  const [shown, setShown] = useState(PAGE);
  const [busy, setBusy] = useState(false);
  const [membersOpen, setMembersOpen] = useState(false);
  /** Group and room messages show who wrote them. */
  const showSenders = conversation.chatType !== 'singleChat';
  const canWrite = !group || (!group.gone && !(group.invitedBy && !group.role));
  const showMembers = membersOpen && group !== undefined && !group.gone && group.role !== undefined;
  const listRef = useRef<HTMLOListElement>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const pinned = useRef(true);
  /** Where the list was at the previous scroll event, to tell the user scrolling up from layout changes. */
  const lastScroll = useRef({ top: 0, height: 0 });
  const keyRef = useRef(conversation.key);
  keyRef.current = conversation.key;
  /** Distance from the bottom to keep while older messages are being added above. */
  const restoreFrom = useRef<number | undefined>(undefined);
  const visible = messages.slice(-shown);
  const hasOlder = messages.length > visible.length || serverHasOlder;
  const loading = busy || loadingOlder;

  // A new conversation: start at the bottom with one page, and put the cursor in the composer.
  useEffect(() => {
    setShown(PAGE);
    setBusy(false);
    setMembersOpen(false);
    restoreFrom.current = undefined;
    pinned.current = true;
    lastScroll.current = { top: 0, height: 0 };
    composerRef.current?.focus();
  }, [conversation.key]);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    if (restoreFrom.current !== undefined) {
      // Older messages were added above: keep what the user was looking at in place until done.
      list.scrollTop = list.scrollHeight - restoreFrom.current;
      if (!busy) restoreFrom.current = undefined;
    } else if (pinned.current) {
      list.scrollTop = list.scrollHeight;
    }
  }, [visible.length, messages, conversation.key, busy]);

  // An image (or anything else) that finishes loading grows the list after it was scrolled: stay at the
  // newest message when that is where the user was (load does not bubble: listened for while capturing).
  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const onLoad = () => {
      if (pinned.current && restoreFrom.current === undefined) list.scrollTop = list.scrollHeight;
    };
    list.addEventListener('load', onLoad, true);
    return () => list.removeEventListener('load', onLoad, true);
  }, [conversation.key]);

  const loadOlder = async () => {
    const list = listRef.current;
    if (!hasOlder || !list || loading) return;
    const key = conversation.key;
    restoreFrom.current = list.scrollHeight - list.scrollTop;
    setBusy(true);
    try {
      // Ask the server when what is here runs out within the next page.
      if (serverHasOlder && messages.length - visible.length < PAGE) await onLoadOlder();
    } finally {
      if (keyRef.current === key) {
        setShown((n) => n + PAGE);
        setBusy(false);
      }
    }
  };

  const onScroll = () => {
    const list = listRef.current;
    if (!list) return;
    // Pinned at the bottom unless the user moved up. A scroll event also comes when the list shrinks (the
    // browser clamps) or grows above the view (scroll anchoring); neither is the user leaving the bottom.
    const last = lastScroll.current;
    if (list.scrollHeight - list.scrollTop - list.clientHeight < 40) pinned.current = true;
    else if (list.scrollTop < last.top && list.scrollHeight >= last.height) pinned.current = false;
    lastScroll.current = { top: list.scrollTop, height: list.scrollHeight };
    if (list.scrollTop < 60 && hasOlder && !loading) void loadOlder();
  };

  return (
    <section
      className={`conversation${showMembers ? ' members-open' : ''}`}
      aria-label={`Conversation with ${title}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onBack();
      }}
    >
      <header className="conv-header">
        <button type="button" className="icon back" aria-label="Back to conversations" onClick={onBack}>
          <span aria-hidden="true">←</span>
        </button>
        <UserAvatar
          name={title}
          url={peer?.profile?.avatarurl}
          presence={peer?.presence}
          group={showSenders}
        />
        <span className="conv-title">
          <h2>{title}</h2>
          {peer && (
            <span className="conv-subtitle" data-presence={peer.presence?.online ? 'online' : 'offline'}>
              {peer.profile?.nickname && peer.profile.nickname !== conversation.peer
                ? `${conversation.peer} · `
                : ''}
              {peer.blocked ? 'Blocked' : (presenceText(peer.presence) ?? '')}
            </span>
          )}
          {group?.memberCount !== undefined && !group.gone && (
            <span className="conv-subtitle">
              {group.memberCount} {group.memberCount === 1 ? 'member' : 'members'}
            </span>
          )}
          {subtitle}
        </span>
        {headerActions}
        {group?.role && !group.gone && (
          <button
            type="button"
            className="ghost members-toggle"
            aria-expanded={showMembers}
            onClick={() => setMembersOpen(!membersOpen)}
          >
            Members
          </button>
        )}
        {peer && (
          <button
            type="button"
            className={`ghost block-toggle${peer.blocked ? '' : ' danger-text'}`}
            aria-pressed={peer.blocked}
            onClick={() => onBlock?.(!peer.blocked)}
          >
            {peer.blocked ? 'Unblock' : 'Block'}
          </button>
        )}
      </header>
      {peer?.blocked && (
        <p className="blocked-note" role="note">
          You blocked {conversation.peer}: their messages do not reach you. You can still write to them.
        </p>
      )}
      <div className="conv-body">
        <ol
          className="messages"
          ref={listRef}
          onScroll={onScroll}
          role="log"
          aria-label={`Messages with ${title}`}
          aria-live="polite"
          tabIndex={0}
        >
          {hasOlder && (
            <li className="older">
              <button type="button" className="link" onClick={() => void loadOlder()} disabled={loading}>
                {loading ? 'Loading older messages…' : 'Load older messages'}
              </button>
            </li>
          )}
          {messages.length === 0 && !loading && <li className="empty">No messages yet. Say hello!</li>}
          {visible.map((m) =>
            m.type === 'event' ? (
              <li key={m.id} className="event-line">
                <span>{m.text}</span>
              </li>
            ) : (
              <MessageBubble
                key={m.localId ?? m.id}
                message={m}
                actions={actions}
                sender={showSenders && m.direction === 'in' ? m.from : undefined}
                footer={messageFooter?.(m)}
              />
            ),
          )}
        </ol>
        {showMembers && (
          <GroupMembersPanel
            group={group}
            title={title}
            me={me}
            actions={groupActions}
            onClose={() => setMembersOpen(false)}
          />
        )}
        {!showMembers && sidePanel}
      </div>
      {notice ? (
        notice
      ) : group && !canWrite ? (
        <GroupNotice group={group} actions={groupActions} />
      ) : (
        <Composer
          ref={composerRef}
          peer={title}
          onSend={(text) => {
            pinned.current = true;
            onSend(text);
          }}
          onSendFile={(file) => {
            pinned.current = true;
            onSendFile(file);
          }}
        />
      )}
    </section>
  );
}
