// The chat-room side of one logged-in user: the app's rooms (getChatRooms, paged), the joined ones
// (getJoinedChatRooms at login), join and leave (over the socket), the room's details and its topic
// attribute, creating a room (super admins only), and `onChatroomEvent` turned into store updates: the
// live member count from memberPresence / memberAbsence, topic changes, removal and destruction. Room
// messages themselves are ordinary messages (chatType 'chatRoom') handled by ChatSession; they reach
// only the members present, and the recent history comes from getHistoryMessages.
import { ErrorCode, type Connection, type MucEventPayload } from '@confab/sdk';
import type { ChatStore } from '../chat/chat-store.js';
import { toAppError } from '../chat/error-text.js';
import { conversationKey, type EventLine } from '../chat/model.js';
import { TOPIC_KEY, type RoomInfo } from './room-model.js';
import { RoomStore } from './room-store.js';

/** getChatRooms page size (the server allows up to 100). */
export const ROOM_PAGE = 20;
/** getJoinedChatRooms: page size and pages read at most. */
const JOINED_PAGE = 100;
const MAX_JOINED_PAGES = 10;
/** The SDK code of a refused permission (createChatRoom by someone who is not a super admin). */
const PERMISSION_DENIED = 603;

let nextLine = 1;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) =>
  typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : undefined;

/** A getChatRooms / getChatRoomDetails entry → RoomInfo fields. */
function fromServer(raw: Record<string, unknown>): RoomInfo {
  const count = num(raw['affiliations_count']);
  return {
    id: str(raw['id']) ?? (typeof raw['id'] === 'number' ? String(raw['id']) : ''),
    name: str(raw['name']) ?? '',
    ...(str(raw['owner']) !== undefined ? { owner: str(raw['owner']) } : {}),
    ...(str(raw['description']) !== undefined ? { description: str(raw['description']) } : {}),
    ...(count !== undefined && !Number.isNaN(count) ? { memberCount: count } : {}),
  };
}

export class RoomSession {
  readonly store = new RoomStore();
  /** When this device last joined each room (a joined list asked for earlier does not undo it). */
  private readonly joinedAt = new Map<string, number>();

  constructor(
    private readonly conn: Connection,
    private readonly chats: ChatStore,
    private readonly me: string,
    private readonly closed: () => boolean,
  ) {}

  /** Loads the next page of the app's rooms (`reset`: the first page again). */
  async loadPage(reset = false): Promise<void> {
    const state = this.store.getSnapshot();
    if (state.loading) return;
    const page = reset ? 1 : state.nextPage;
    this.store.setLoading(true);
    try {
      const res = await this.conn.getChatRooms({ pagenum: page, pagesize: ROOM_PAGE });
      if (this.closed()) return;
      const list = (res.data ?? []).map(fromServer).filter((r) => r.id !== '');
      this.store.addPage(list, page, list.length >= ROOM_PAGE, reset);
    } catch (err) {
      this.store.setLoading(false);
      if (!this.closed()) this.chats.reportError(toAppError(err, 'Loading the rooms'));
    }
  }

  /** Reads the rooms the user is a member of (at login and after reconnecting). */
  async refreshJoined(): Promise<void> {
    const askedAt = Date.now();
    try {
      const joined: RoomInfo[] = [];
      for (let page = 1; page <= MAX_JOINED_PAGES && !this.closed(); page++) {
        const { data } = await this.conn.getJoinedChatRooms({ pageNum: page, pageSize: JOINED_PAGE });
        for (const r of data)
          joined.push({ id: r.id, name: r.name, owner: r.owner, description: r.description });
        if (data.length < JOINED_PAGE) break;
      }
      if (this.closed()) return;
      for (const [id, at] of this.joinedAt)
        if (at >= askedAt && !joined.some((r) => r.id === id))
          joined.push({ id, name: this.store.getSnapshot().rooms[id]?.name ?? '' });
      this.store.setJoined(joined);
      // A room conversation kept from before is only open to a member.
      for (const c of this.chats.getSnapshot().conversations)
        if (c.chatType === 'chatRoom' && !joined.some((r) => r.id === c.peer))
          this.chats.removeConversation(c.key);
    } catch (err) {
      // An app without the chat-room service (505) has no rooms: nothing to report at login.
      if ((err as { type?: unknown } | undefined)?.type === ErrorCode.SERVICE_NOT_ENABLED) return;
      if (!this.closed()) this.chats.reportError(toAppError(err, 'Loading your rooms'));
    }
  }

  /** Joins a room (or is already in it): resolves true when the user is in. */
  async join(id: string): Promise<boolean> {
    try {
      this.joinedAt.set(id, Date.now());
      const { data } = await this.conn.joinChatRoom({ roomId: id });
      const count = data.info.memberCount;
      this.store.patch(id, { joined: true, gone: undefined, ...(count ? { memberCount: count } : {}) });
      this.chats.addConversation('chatRoom', id, Date.now());
      void this.loadDetails(id);
      return true;
    } catch (err) {
      this.chats.reportError(toAppError(err, `Joining the room ${this.nameOf(id)}`));
      return false;
    }
  }

  /** Leaves a room: its conversation goes from this device. Resolves false on failure. */
  async leave(id: string): Promise<boolean> {
    try {
      await this.conn.leaveChatRoom({ roomId: id });
      this.joinedAt.delete(id);
      const count = this.store.getSnapshot().rooms[id]?.memberCount;
      this.store.patch(id, { joined: false, ...(count ? { memberCount: count - 1 } : {}) });
      this.chats.removeConversation(conversationKey('chatRoom', id));
      return true;
    } catch (err) {
      this.chats.reportError(toAppError(err, `Leaving the room ${this.nameOf(id)}`));
      return false;
    }
  }

  /** Name, description and member count (getChatRoomDetails), and the topic attribute. */
  async loadDetails(id: string): Promise<void> {
    try {
      const [details, attrs] = await Promise.all([
        this.conn.getChatRoomDetails({ chatRoomId: id }),
        this.conn.getChatRoomAttributes({ chatRoomId: id, attributeKeys: [TOPIC_KEY] }),
      ]);
      if (this.closed()) return;
      const raw = details.data?.[0];
      const { id: _id, ...info } = raw ? fromServer(raw) : { id };
      this.store.patch(id, { ...info, topic: attrs.data[TOPIC_KEY] ?? '' });
    } catch (err) {
      if (!this.closed()) this.chats.reportError(toAppError(err, `Loading the room ${this.nameOf(id)}`));
    }
  }

  /** Sets the room's topic (any member may: written with isForced). Resolves false on failure. */
  async setTopic(id: string, topic: string): Promise<boolean> {
    try {
      if (topic === '')
        await this.conn.removeChatRoomAttribute({ chatRoomId: id, attributeKey: TOPIC_KEY, isForced: true });
      else
        await this.conn.setChatRoomAttribute({
          chatRoomId: id,
          attributeKey: TOPIC_KEY,
          attributeValue: topic,
          isForced: true,
        });
      this.store.patch(id, { topic });
      this.line(id, topic ? `You set the topic: ${topic}` : 'You cleared the topic');
      return true;
    } catch (err) {
      this.chats.reportError(toAppError(err, 'Setting the room topic'));
      return false;
    }
  }

  /**
   * Creates a room owned by the user (only super admins may: a refusal says so once and for all) and
   * joins it. Resolves its id, or undefined.
   */
  async create(name: string, description: string): Promise<string | undefined> {
    try {
      const res = await this.conn.createChatRoom({ name, description });
      const id = res.data?.id;
      if (!id) throw new Error('the server gave no room id');
      this.store.setCanCreate('yes');
      this.store.patch(id, { name, description, owner: this.me, memberCount: 1 });
      return (await this.join(id)) ? id : undefined;
    } catch (err) {
      const error = toAppError(err, `Creating the room ${name}`);
      if (error.code === PERMISSION_DENIED) this.store.setCanCreate('no');
      else this.chats.reportError(error);
      return undefined;
    }
  }

  /** A chat-room event: the room's state here (count, topic, membership), and a line where useful. */
  onEvent(e: MucEventPayload): void {
    const id = e.id;
    const known = this.store.getSnapshot().rooms[id];
    const count = num(e['memberCount']);
    const from = e.from ?? '';
    switch (e.operation) {
      case 'memberPresence':
      case 'memberAbsence':
        if (count !== undefined) this.store.patch(id, { memberCount: count });
        else if (known?.memberCount !== undefined)
          this.store.patch(id, {
            memberCount: Math.max(0, known.memberCount + (e.operation === 'memberPresence' ? 1 : -1)),
          });
        break;
      case 'updateChatRoomAttributes': {
        const attrs = (e['attributes'] ?? {}) as Record<string, unknown>;
        const topic = str(attrs[TOPIC_KEY]);
        if (topic !== undefined) {
          this.store.patch(id, { topic });
          if (known?.joined) this.line(id, `${from} set the topic: ${topic}`, from);
        }
        break;
      }
      case 'removeChatRoomAttributes': {
        const keys = e['attributes'];
        if (Array.isArray(keys) && keys.includes(TOPIC_KEY)) {
          this.store.patch(id, { topic: '' });
          if (known?.joined) this.line(id, `${from} cleared the topic`, from);
        }
        break;
      }
      case 'removeMember':
        this.joinedAt.delete(id);
        this.store.patch(id, { joined: false, gone: 'removed' });
        this.line(id, `${from || 'An admin'} removed you from the room`, from);
        break;
      case 'destroy':
        this.joinedAt.delete(id);
        this.store.patch(id, { joined: false, gone: 'destroyed' });
        this.line(id, 'The room was deleted', from);
        break;
      case 'updateInfo':
        void this.loadDetails(id);
        break;
      default:
        break;
    }
  }

  private nameOf(id: string): string {
    return this.store.getSnapshot().rooms[id]?.name || id;
  }

  /** A system line in the room's conversation (never unread); only for a room with a conversation. */
  private line(id: string, text: string, from = this.me): void {
    const key = conversationKey('chatRoom', id);
    if (!this.chats.getSnapshot().conversations.some((c) => c.key === key)) return;
    const time = Date.now();
    const message: EventLine = {
      ...{ type: 'event', id: `room-event-${time}-${nextLine++}`, chatType: 'chatRoom', from, to: id },
      ...{ time, direction: 'in', readAckSent: true, text },
    };
    this.chats.addMessages([{ key, chatType: 'chatRoom', peer: id, message }], () => false);
  }
}
