// The rooms of one logged-in session as immutable snapshots for useSyncExternalStore: the rooms by id,
// the listing order and paging, and whether the user may create rooms. In memory only (rooms are live).
import type { CreateRight, RoomInfo } from './room-model.js';

export interface RoomsState {
  readonly rooms: Readonly<Record<string, RoomInfo>>;
  /** Room ids in listing order (getChatRooms pages, then rooms known otherwise). */
  readonly order: readonly string[];
  /** The next page to ask for (from 1), and whether the server may have more. */
  readonly nextPage: number;
  readonly hasMore: boolean;
  readonly loading: boolean;
  readonly canCreate: CreateRight;
}

export class RoomStore {
  private state: RoomsState = {
    rooms: {},
    order: [],
    nextPage: 1,
    hasMore: true,
    loading: false,
    canCreate: 'unknown',
  };
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): RoomsState => this.state;

  private set(patch: Partial<RoomsState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  setLoading(loading: boolean): void {
    this.set({ loading });
  }

  setCanCreate(canCreate: CreateRight): void {
    if (canCreate !== this.state.canCreate) this.set({ canCreate });
  }

  /** A page of the listing: rooms merged (known details kept), order appended; `reset` starts over. */
  addPage(list: readonly RoomInfo[], page: number, full: boolean, reset: boolean): void {
    const rooms = { ...this.state.rooms };
    for (const r of list) rooms[r.id] = { ...rooms[r.id], ...r };
    const before = reset ? [] : this.state.order;
    const order = [...before, ...list.map((r) => r.id).filter((id) => !before.includes(id))];
    this.set({ rooms, order, nextPage: page + 1, hasMore: full, loading: false });
  }

  /** Creates or updates one room (listed at the top when new). */
  patch(id: string, patch: Partial<RoomInfo>): void {
    const known = this.state.rooms[id] ?? { id, name: '' };
    const order = this.state.order.includes(id) ? this.state.order : [id, ...this.state.order];
    this.set({ rooms: { ...this.state.rooms, [id]: { ...known, ...patch, id } }, order });
  }

  /** Marks exactly `ids` joined (the server's joined list; others are not joined any more). */
  setJoined(joined: readonly RoomInfo[]): void {
    const ids = new Set(joined.map((r) => r.id));
    const rooms: Record<string, RoomInfo> = {};
    for (const [id, r] of Object.entries(this.state.rooms))
      rooms[id] = ids.has(id) ? r : { ...r, joined: false };
    for (const r of joined) rooms[r.id] = { ...rooms[r.id], ...r, joined: true, gone: undefined };
    const order = [
      ...joined.map((r) => r.id).filter((id) => !this.state.order.includes(id)),
      ...this.state.order,
    ];
    this.set({ rooms, order });
  }
}
