// The contacts side of one logged-in user: contacts and friend requests (onContactInvited and the other
// contact events, live), the blocklist, presence of contacts and single-chat peers (subscribed, then
// onPresenceStatusChange), nicknames and avatars (fetchUserInfoById), the user's own status text and
// profile, and whether a user id exists before a chat is opened with it.
import { ErrorCode, userExists, type Connection, type PresenceStatus } from '@confab/sdk';
import type { ChatStore } from '../chat/chat-store.js';
import { toAppError } from '../chat/error-text.js';
import { ContactStore, type Presence, type Profile } from './contact-store.js';

const HANDLER_ID = 'confab-web-contacts';
/** How long a presence subscription lasts (seconds); renewed at every login. */
const PRESENCE_EXPIRY = 7 * 24 * 60 * 60;
/** Users per presence or user-attribute call (the server's limit for both). */
const BATCH = 100;

const batches = (users: readonly string[]) => {
  const out: string[][] = [];
  for (let i = 0; i < users.length; i += BATCH) out.push(users.slice(i, i + BATCH));
  return out;
};

const presenceOf = (status: Record<string, string | number>, ext: string): Presence => ({
  online: Object.values(status).some((s) => Number(s) === 1),
  text: ext,
});

export class ContactSession {
  readonly store = new ContactStore();
  /** Users whose presence is subscribed in this session. */
  private readonly following = new Set<string>();
  /** Users whose profile was asked for in this session. */
  private readonly profiled = new Set<string>();
  /** The app has no presence service (505): presence is not asked for again this session. */
  private presenceOff = false;

  constructor(
    private readonly conn: Connection,
    private readonly chats: ChatStore,
    private readonly me: string,
    private readonly closed: () => boolean,
  ) {
    conn.addEventHandler(HANDLER_ID, {
      onContactInvited: (m) => this.store.addRequest({ from: m.from, message: m.status ?? '' }),
      onContactAgreed: (m) => this.added(m.from),
      onContactAdded: (m) => this.added(m.from),
      onContactRefuse: (m) => {
        this.store.setSent(m.from, false);
        this.store.removeRequest(m.from);
      },
      onContactDeleted: (m) => this.store.removeContact(m.from),
      onPresenceStatusChange: (list) => this.onPresence(list),
    });
  }

  close(): void {
    this.conn.removeEventHandler(HANDLER_ID);
  }

  /** At login and after a reconnect: contacts, blocklist, presence and profiles. */
  async refresh(): Promise<void> {
    try {
      const [contacts, blocked] = await Promise.all([this.conn.getAllContacts(), this.conn.getBlocklist()]);
      if (this.closed()) return;
      this.store.setContacts(contacts.data.map((c) => c.userId));
      this.store.setBlocked(blocked.data ?? []);
    } catch (err) {
      if (!this.closed()) this.chats.reportError(toAppError(err, 'Loading your contacts'));
    }
    this.following.clear();
    await this.presence('Loading your status', async () => {
      const own = await this.conn.getPresenceStatus({ usernames: [this.me] });
      this.store.setPresence(own.result.map((p) => [p.uid, presenceOf(p.status, p.ext)] as const));
    });
    await this.watch(this.knownUsers());
  }

  /** Runs a presence call; an app without the presence service turns presence off quietly. */
  private async presence(context: string, run: () => Promise<void>): Promise<void> {
    if (this.presenceOff) return;
    try {
      await run();
    } catch (err) {
      if ((err as { type?: unknown } | undefined)?.type === ErrorCode.SERVICE_NOT_ENABLED)
        this.presenceOff = true;
      else if (!this.closed()) this.chats.reportError(toAppError(err, context));
    }
  }

  /** Contacts and single-chat peers, and this user (for the own profile). */
  private knownUsers(): string[] {
    const peers = this.chats
      .getSnapshot()
      .conversations.filter((c) => c.chatType === 'singleChat')
      .map((c) => c.peer);
    return [...new Set([...this.store.getSnapshot().contacts, ...peers])];
  }

  /** Subscribes to the presence of `users` and reads their profiles, once per session each. */
  async watch(users: readonly string[]): Promise<void> {
    const fresh = users.filter((u) => u !== this.me && !this.following.has(u));
    const unprofiled = [this.me, ...users].filter((u) => !this.profiled.has(u));
    for (const u of fresh) this.following.add(u);
    for (const u of unprofiled) this.profiled.add(u);
    await this.presence('Subscribing to presence', async () => {
      for (const group of batches(fresh)) {
        const res = await this.conn.subscribePresence({ usernames: group, expiry: PRESENCE_EXPIRY });
        this.store.setPresence(res.result.map((p) => [p.uid, presenceOf(p.status, p.ext)] as const));
      }
    });
    try {
      for (const group of batches([...new Set(unprofiled)])) {
        const res = await this.conn.fetchUserInfoById(group, ['nickname', 'avatarurl']);
        const profiles: Record<string, Profile> = {};
        for (const [user, attrs] of Object.entries(res.data ?? {}))
          profiles[user] = {
            ...(attrs['nickname'] ? { nickname: attrs['nickname'] } : {}),
            ...(attrs['avatarurl'] ? { avatarurl: attrs['avatarurl'] } : {}),
          };
        this.store.setProfiles(profiles);
      }
    } catch (err) {
      if (!this.closed()) this.chats.reportError(toAppError(err, 'Loading nicknames and avatars'));
    }
  }

  private onPresence(list: readonly PresenceStatus[]): void {
    this.store.setPresence(
      list.map((p) => {
        const status = Object.fromEntries(p.statusDetails.map((d) => [d.device, d.status]));
        return [p.userId, presenceOf(status, p.ext)] as const;
      }),
    );
  }

  private added(user: string): void {
    this.store.addContact(user);
    void this.watch([user]);
  }

  /** Whether `user` exists; undefined when that could not be found out (the error is shown). */
  async exists(user: string): Promise<boolean | undefined> {
    try {
      return await userExists(this.conn, user);
    } catch (err) {
      this.chats.reportError(toAppError(err, `Looking up ${user}`));
      return undefined;
    }
  }

  /** Sends a friend request with a message. Resolves false (error shown) on failure. */
  async request(user: string, message: string): Promise<boolean> {
    return this.act(`Sending a contact request to ${user}`, async () => {
      await this.conn.addContact(user, message);
      this.store.setSent(user, true);
    });
  }

  async answer(user: string, accept: boolean): Promise<boolean> {
    return this.act(`${accept ? 'Accepting' : 'Declining'} the request of ${user}`, async () => {
      if (accept) {
        await this.conn.acceptContactInvite(user);
        this.added(user);
      } else {
        await this.conn.declineContactInvite(user);
        this.store.removeRequest(user);
      }
    });
  }

  async remove(user: string): Promise<boolean> {
    return this.act(`Removing ${user} from your contacts`, async () => {
      await this.conn.deleteContact(user);
      this.store.removeContact(user);
    });
  }

  async setBlocked(user: string, blocked: boolean): Promise<boolean> {
    return this.act(`${blocked ? 'Blocking' : 'Unblocking'} ${user}`, async () => {
      if (blocked) await this.conn.addUsersToBlocklist({ name: [user] });
      else await this.conn.removeUserFromBlocklist({ name: [user] });
      this.store.setBlockedOne(user, blocked);
    });
  }

  /** Publishes this user's status text to their subscribers. */
  async publishStatus(text: string): Promise<boolean> {
    return this.act('Publishing your status', async () => {
      await this.conn.publishPresence({ description: text });
      this.store.setPresence([[this.me, { online: true, text }]]);
    });
  }

  /** Saves this user's nickname and avatar URL (empty clears). */
  async updateProfile(profile: { nickname: string; avatarurl: string }): Promise<boolean> {
    return this.act('Saving your profile', async () => {
      await this.conn.updateOwnUserInfo({ nickname: profile.nickname, avatarurl: profile.avatarurl });
      this.store.setProfiles({
        [this.me]: {
          ...(profile.nickname ? { nickname: profile.nickname } : {}),
          ...(profile.avatarurl ? { avatarurl: profile.avatarurl } : {}),
        },
      });
    });
  }

  private async act(context: string, run: () => Promise<void>): Promise<boolean> {
    try {
      await run();
      return true;
    } catch (err) {
      this.chats.reportError(toAppError(err, context));
      return false;
    }
  }
}
