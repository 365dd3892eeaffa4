// De-duplication of delivered metas. The same item can arrive twice (a NOTICE and a heartbeat UNREAD
// both trigger a sync of one queue; a re-sync after reconnect repeats unacked items), and the official
// SDK hides that with a cache of the last 100 ids (`_load_msg_cache`); apps rely on it.

export const RECENT_IDS_CAPACITY = 100;

export class RecentIds {
  private readonly order: string[] = [];
  private readonly set = new Set<string>();

  constructor(private readonly capacity = RECENT_IDS_CAPACITY) {}

  /** Records `id`; returns false when it was already among the recent ones (a duplicate). */
  add(id: string): boolean {
    if (this.set.has(id)) return false;
    this.order.push(id);
    this.set.add(id);
    if (this.order.length > this.capacity) this.set.delete(this.order.shift()!);
    return true;
  }

  get size(): number {
    return this.order.length;
  }
}
