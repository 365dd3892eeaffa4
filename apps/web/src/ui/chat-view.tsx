// The logged-in screen: header (connection state, user, theme, log out), errors, the conversation
// list and the open conversation. Under 640px one of the two panes shows at a time.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ChatSession } from '../chat/chat-session.js';
import type { ThemeChoice } from '../settings/theme.js';
import { ConnectionBadge } from './connection-badge.js';
import { ContactsPanel } from './contacts-panel.js';
import { ConversationList, titleOf } from './conversation-list.js';
import { ConversationView } from './conversation-view.js';
import { ErrorBanner } from './error-banner.js';
import type { GroupActions } from './group-members-panel.js';
import type { MessageActions } from './message-bubble.js';
import { ReactionBar } from './reaction-bar.js';
import { RoomConversation, type RoomActions } from './room-conversation.js';
import { RoomList } from './room-list.js';
import { ThreadOverview } from './thread-overview.js';
import { ThreadPanel } from './thread-panel.js';
import { ThemeToggle } from './theme-toggle.js';
import { NotificationSettings } from './notification-settings.js';

interface Props {
  session: ChatSession;
  theme: ThemeChoice;
  onTheme: (theme: ThemeChoice) => void;
  onLogout: () => void;
}

export function ChatView({ session, theme, onTheme, onLogout }: Props) {
  const { store } = session;
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const groupStore = session.groups.store;
  const groups = useSyncExternalStore(groupStore.subscribe, groupStore.getSnapshot);
  const contactStore = session.contacts.store;
  const people = useSyncExternalStore(contactStore.subscribe, contactStore.getSnapshot);
  const [showContacts, setShowContacts] = useState(false);
  const [showNotifications, setShowNotifications] = useState(false);
  const active = state.conversations.find((c) => c.key === state.activeKey);
  // Chat rooms (src/rooms): a "Rooms" sidebar beside the conversations; room conversations open from it.
  const roomStore = session.rooms.store;
  const rooms = useSyncExternalStore(roomStore.subscribe, roomStore.getSnapshot);
  const [sidebar, setSidebar] = useState<'chats' | 'rooms'>('chats');
  const chats = useMemo(
    () => state.conversations.filter((c) => c.chatType !== 'chatRoom'),
    [state.conversations],
  );
  const roomUnread = useMemo(
    () =>
      Object.fromEntries(
        state.conversations.filter((c) => c.chatType === 'chatRoom').map((c) => [c.peer, c.unread]),
      ),
    [state.conversations],
  );
  const roomActions = useMemo<RoomActions>(() => {
    const r = session.rooms;
    return { join: (id) => r.join(id), leave: (id) => r.leave(id), setTopic: (id, t) => r.setTopic(id, t) };
  }, [session]);
  const openRoom = useCallback(
    async (id: string) => {
      if (await session.rooms.join(id)) session.openConversation('chatRoom', id);
    },
    [session],
  );

  // Looking at a conversation reads it: badge cleared, read receipts sent.
  const activeMessages = active ? state.messages[active.key] : undefined;
  useEffect(() => {
    if (active && document.visibilityState === 'visible') session.acknowledgeRead(active.key);
  }, [session, active, activeMessages]);
  useEffect(() => {
    const onVisible = () => {
      const key = store.getSnapshot().activeKey;
      if (document.visibilityState !== 'visible' || !key) return;
      session.markRead(key);
      session.acknowledgeRead(key);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [store, session]);

  // A clicked push notification opens its conversation: ?open=<chatType>:<id> on a new tab, or a message
  // from the service worker (public/sw.js) to a tab that is already open.
  useEffect(() => {
    const openFrom = (value: string | null | undefined) => {
      const m = /^(singleChat|groupChat):(.+)$/.exec(value ?? '');
      if (m) session.openConversation(m[1] as 'singleChat' | 'groupChat', m[2]!);
    };
    const params = new URLSearchParams(location.search);
    if (params.has('open')) {
      openFrom(params.get('open'));
      history.replaceState(null, '', location.pathname);
    }
    const onMessage = (e: MessageEvent) => {
      const d = e.data as { type?: string; open?: string } | undefined;
      if (d?.type === 'confab:open-conversation') openFrom(d.open);
    };
    navigator.serviceWorker?.addEventListener('message', onMessage);
    return () => navigator.serviceWorker?.removeEventListener('message', onMessage);
  }, [session]);

  const unread = state.conversations.reduce((n, c) => n + c.unread, 0);
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Confab` : 'Confab';
  }, [unread]);

  const actions = useMemo<MessageActions>(
    () => ({
      retry: (m) => void session.retry(store.getSnapshot().activeKey ?? '', m),
      recall: (m) => void session.recall(store.getSnapshot().activeKey ?? '', m),
      edit: (m, text) => session.editText(m, text),
      download: (m) => session.download(m),
      recallWindowMs: state.recallWindowMs,
    }),
    [session, store, state.recallWindowMs],
  );

  const groupActions = useMemo<GroupActions>(() => {
    const g = session.groups;
    return {
      loadMembers: (id) => g.loadMembers(id),
      addMembers: (id, users) => g.addMembers(id, users),
      setAdmin: (id, user, admin) => g.setAdmin(id, user, admin),
      removeMember: (id, user) => g.removeMember(id, user),
      leave: (id) => g.leave(id),
      destroy: (id) => g.destroy(id),
      answerInvite: (id, accept) => g.answerInvite(id, accept),
    };
  }, [session]);

  const back = useCallback(() => {
    const key = store.getSnapshot().activeKey;
    store.closeConversation();
    // Return focus to the conversation that was open.
    requestAnimationFrame(() => {
      const button = [...document.querySelectorAll<HTMLButtonElement>('button.conv')].find(
        (b) => b.dataset['key'] === key,
      );
      button?.focus();
    });
  }, [store]);

  return (
    <div className={`chat ${active ? 'has-active' : ''}${sidebar === 'rooms' ? ' rooms-open' : ''}`}>
      <header className="topbar">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Confab
        </span>
        <ConnectionBadge
          state={state.connection}
          syncing={state.syncing}
          onReconnect={() => session.reconnectNow()}
        />
        <span className="sidebar-switch" role="group" aria-label="Sidebar">
          <button
            type="button"
            className="ghost"
            aria-pressed={sidebar === 'chats'}
            onClick={() => setSidebar('chats')}
          >
            Chats
          </button>
          <button
            type="button"
            className="ghost"
            aria-pressed={sidebar === 'rooms'}
            onClick={() => setSidebar('rooms')}
          >
            Rooms
          </button>
        </span>
        <span className="spacer" />
        <span className="me" title={`Logged in as ${state.me} on ${session.settings.appKey}`}>
          {people.profiles[state.me]?.nickname || state.me}
        </span>
        <button
          type="button"
          className="ghost contacts-toggle"
          aria-expanded={showContacts}
          aria-label={`Contacts${people.requests.length ? `, ${people.requests.length} requests` : ''}`}
          onClick={() => setShowContacts(!showContacts)}
        >
          Contacts
          {people.requests.length > 0 && (
            <span className="badge" aria-hidden="true">
              {people.requests.length}
            </span>
          )}
        </button>
        <button
          type="button"
          className="ghost"
          aria-expanded={showNotifications}
          onClick={() => setShowNotifications(!showNotifications)}
        >
          Notifications
        </button>
        <ThemeToggle theme={theme} onChange={onTheme} />
        <button type="button" className="ghost" onClick={onLogout}>
          Log out
        </button>
      </header>
      <ErrorBanner errors={state.errors} onDismiss={(id) => store.dismissError(id)} />
      {showNotifications && (
        <NotificationSettings
          push={session.push}
          conversation={
            active && active.chatType !== 'chatRoom'
              ? { kind: active.chatType, id: active.peer, title: titleOf(active, groups, people) }
              : undefined
          }
          onClose={() => setShowNotifications(false)}
        />
      )}
      <div className="panes">
        {sidebar === 'rooms' && (
          <RoomList
            rooms={rooms}
            activeRoom={active?.chatType === 'chatRoom' ? active.peer : undefined}
            unread={roomUnread}
            onLoadMore={(reset) => void session.rooms.loadPage(reset)}
            onOpen={(id) => void openRoom(id)}
            onCreate={(name, description) => session.rooms.create(name, description)}
          />
        )}
        {showContacts ? (
          <nav className="sidebar" aria-label="Contacts view">
            <ContactsPanel
              me={state.me}
              state={people}
              contacts={session.contacts}
              onChat={(user) => {
                setShowContacts(false);
                session.openConversation('singleChat', user);
              }}
            />
          </nav>
        ) : (
          <ConversationList
            conversations={chats}
            activeKey={state.activeKey}
            me={state.me}
            groups={groups}
            people={people}
            onStart={async (peer) => {
              const key = `singleChat:${peer}`;
              const known = store.getSnapshot().conversations.some((c) => c.key === key);
              if (!known && (await session.contacts.exists(peer)) === false)
                return `There is no user ${peer}: check the user ID.`;
              session.openConversation('singleChat', peer);
              return undefined;
            }}
            onCreateGroup={(name, members) => session.groups.create(name, members)}
            onOpen={(peer, chatType = 'singleChat') => session.openConversation(chatType, peer)}
            onPin={(c, pinned) => void session.setPinned(c, pinned)}
            onDelete={(c) => void session.deleteConversation(c)}
          />
        )}
        {active?.chatType === 'chatRoom' ? (
          <RoomConversation
            room={rooms.rooms[active.peer]}
            roomActions={roomActions}
            conversation={active}
            title={rooms.rooms[active.peer]?.name || active.peer}
            me={state.me}
            groupActions={groupActions}
            messages={state.messages[active.key] ?? []}
            onSend={(text) => void session.sendText(active.chatType, active.peer, text)}
            onSendFile={(file) => void session.sendFile(active.chatType, active.peer, file)}
            actions={actions}
            onBack={back}
            serverHasOlder={session.hasOlderOnServer(active.key)}
            loadingOlder={state.history[active.key]?.loading ?? false}
            onLoadOlder={() => session.loadOlder(active.key)}
          />
        ) : active ? (
          <ConversationView
            conversation={active}
            title={titleOf(active, groups, people)}
            me={state.me}
            group={active.chatType === 'groupChat' ? groups[active.peer] : undefined}
            groupActions={groupActions}
            peer={
              active.chatType === 'singleChat'
                ? {
                    profile: people.profiles[active.peer],
                    presence: people.presence[active.peer],
                    blocked: people.blocked.includes(active.peer),
                  }
                : undefined
            }
            onBlock={(blocked) => void session.contacts.setBlocked(active.peer, blocked)}
            messages={state.messages[active.key] ?? []}
            onSend={(text) => void session.sendText(active.chatType, active.peer, text)}
            onSendFile={(file) => void session.sendFile(active.chatType, active.peer, file)}
            actions={actions}
            onBack={back}
            serverHasOlder={session.hasOlderOnServer(active.key)}
            loadingOlder={state.history[active.key]?.loading ?? false}
            onLoadOlder={() => session.loadOlder(active.key)}
            messageFooter={(m) => (
              <>
                <ReactionBar session={session.reactions} message={m} />
                <ThreadOverview session={session.threads} message={m} />
              </>
            )}
            sidePanel={
              active.chatType === 'groupChat' ? (
                <ThreadPanel session={session.threads} groupId={active.peer} actions={actions} />
              ) : null
            }
          />
        ) : (
          <section className="conversation placeholder" aria-label="No conversation open">
            <p>Pick a conversation, start one with a user ID, or create a group.</p>
          </section>
        )}
      </div>
    </div>
  );
}
