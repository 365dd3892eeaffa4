// Contacts, friend requests, the blocklist, presence and profiles (nickname, avatar) of one logged-in
// user, as immutable snapshots for useSyncExternalStore. Loaded from the server per session; not cached.

/** A request someone sent this user, waiting for an answer. */
export interface ContactRequest {
  from: string;
  message: string;
}

/** What a user's presence says: online on any device, and the status text they published. */
export interface Presence {
  online: boolean;
  text: string;
}

/** A user's public attributes this client shows. */
export interface Profile {
  nickname?: string;
  avatarurl?: string;
}

export interface ContactState {
  contacts: readonly string[];
  requests: readonly ContactRequest[];
  /** Requests this user sent in this session, not answered yet. */
  sent: readonly string[];
  blocked: readonly string[];
  presence: Readonly<Record<string, Presence>>;
  profiles: Readonly<Record<string, Profile>>;
}

const EMPTY: ContactState = { contacts: [], requests: [], sent: [], blocked: [], presence: {}, profiles: {} };

const without = (list: readonly string[], user: string) => list.filter((u) => u !== user);
const withOne = (list: readonly string[], user: string) =>
  list.includes(user) ? list : [...list, user].sort();

export class ContactStore {
  private state: ContactState = EMPTY;
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ContactState => this.state;

  private set(patch: Partial<ContactState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  setContacts(contacts: readonly string[]): void {
    this.set({ contacts: [...contacts].sort() });
  }

  setBlocked(blocked: readonly string[]): void {
    this.set({ blocked: [...blocked].sort() });
  }

  addContact(user: string): void {
    const s = this.state;
    this.set({
      contacts: withOne(s.contacts, user),
      requests: s.requests.filter((r) => r.from !== user),
      sent: without(s.sent, user),
    });
  }

  removeContact(user: string): void {
    this.set({ contacts: without(this.state.contacts, user) });
  }

  addRequest(request: ContactRequest): void {
    const others = this.state.requests.filter((r) => r.from !== request.from);
    this.set({ requests: [...others, request] });
  }

  removeRequest(from: string): void {
    this.set({ requests: this.state.requests.filter((r) => r.from !== from) });
  }

  setSent(user: string, sent: boolean): void {
    this.set({ sent: sent ? withOne(this.state.sent, user) : without(this.state.sent, user) });
  }

  setBlockedOne(user: string, blocked: boolean): void {
    const list = this.state.blocked;
    this.set({ blocked: blocked ? withOne(list, user) : without(list, user) });
  }

  setPresence(entries: readonly (readonly [string, Presence])[]): void {
    if (entries.length === 0) return;
    this.set({ presence: { ...this.state.presence, ...Object.fromEntries(entries) } });
  }

  setProfiles(profiles: Readonly<Record<string, Profile>>): void {
    this.set({ profiles: { ...this.state.profiles, ...profiles } });
  }
}
