// The groups of one logged-in user, as immutable snapshots for useSyncExternalStore. Names, roles and
// counts are cached in localStorage (so the conversation list shows names offline); member lists are
// loaded per session.
import type { GroupInfo } from './group-model.js';

export type Groups = Readonly<Record<string, GroupInfo>>;

/** One joined group as the server lists it. */
export type JoinedGroup = Pick<GroupInfo, 'id' | 'name' | 'role' | 'memberCount' | 'allowInvites'>;

const storageKey = (appKey: string, user: string) => `confab.groups.v1:${appKey}:${user}`;

function load(key: string): Groups {
  try {
    const parsed = JSON.parse(localStorage.getItem(key) ?? '{}') as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Groups) : {};
  } catch {
    return {};
  }
}

export class GroupStore {
  private groups: Groups;
  private readonly listeners = new Set<() => void>();
  private readonly key: string;
  /** After logout: nothing is written to this browser any more. */
  private forgotten = false;

  constructor(appKey: string, user: string) {
    this.key = storageKey(appKey, user);
    this.groups = load(this.key);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Groups => this.groups;

  /** Logout: stop caching (late answers of the closed session must not write the names back). */
  forget(): void {
    this.forgotten = true;
  }

  private set(groups: Groups): void {
    this.groups = groups;
    if (!this.forgotten)
      try {
        const stored = Object.fromEntries(
          Object.entries(groups).map(([id, { members: _members, ...rest }]) => [id, rest]),
        );
        localStorage.setItem(this.key, JSON.stringify(stored));
      } catch {
        // A cache: the next login lists the groups again.
      }
    for (const listener of this.listeners) listener();
  }

  /**
   * The server's list of joined groups, asked for at `askedAt`. With `complete`, a group it does not
   * list (left, removed or deleted while this device was away) is kept, marked gone, with its
   * conversation, unless this device heard of it after asking (created or joined meanwhile).
   */
  mergeJoined(list: readonly JoinedGroup[], complete: boolean, askedAt: number): void {
    const next: Record<string, GroupInfo> = { ...this.groups };
    const listed = new Set(list.map((g) => g.id));
    for (const g of list) {
      const { gone: _gone, invitedBy: _invitedBy, ...known } = next[g.id] ?? {};
      next[g.id] = { ...known, ...g, heardAt: askedAt };
    }
    if (complete)
      for (const [id, g] of Object.entries(next))
        if (!listed.has(id) && !g.gone && (g.heardAt ?? 0) < askedAt) next[id] = { ...g, gone: 'removed' };
    this.set(next);
  }

  /** Creates or updates one group (something was heard of it now). */
  patch(id: string, patch: Partial<GroupInfo>): void {
    const known = this.groups[id] ?? { id, name: '' };
    this.set({ ...this.groups, [id]: { ...known, ...patch, id, heardAt: Date.now() } });
  }

  remove(id: string): void {
    if (!this.groups[id]) return;
    const next = { ...this.groups };
    delete next[id];
    this.set(next);
  }
}
