// The delivery state machine (msync spec §4.5–4.6), kept free of I/O so it can be tested with
// scripted frames: it turns NOTICE / UNREAD / SYNC-DL input into "send this SYNC" and offline-sync
// actions. It follows the official SDK (NOTICEd queues drained one at a time in FIFO order, every
// queue listed by UNREAD synced at once, nextKey followed until isLast, a repeated nextKey ends the
// chain) minus its known bugs: isLast together with metas ends the chain, and a NOTICE that arrives
// while its queue is being synced is remembered (one more round) instead of dropped, so a message
// can never wait for the next heartbeat.
import { u64ToString } from '@confab/protocol';
import type { CommSyncDL, Jid, MetaQueue } from '@confab/protocol';

export type SyncAction =
  { kind: 'sync'; queue: Jid; key?: string } | { kind: 'offline-start' } | { kind: 'offline-finish' };

export interface SyncIdentity {
  user: string;
  resource: string;
}

interface Chain {
  queue: Jid;
  /** The nextKey we last followed; the same key twice means the server is looping. */
  lastKey?: string;
  /** A NOTICE arrived while this chain ran: sync once more when it ends. */
  dirty: boolean;
}

type OfflineState = 'init' | 'running' | 'done';

export class SyncQueue {
  private fifo: Jid[] = [];
  private readonly chains = new Map<string, Chain>();
  private offline: OfflineState = 'init';
  private readonly offlinePending = new Set<string>();

  constructor(private readonly identity: () => SyncIdentity) {}

  /** A new login (also after reconnect): in-flight syncs are void, offline sync starts again. */
  reset(): void {
    this.fifo = [];
    this.chains.clear();
    this.offline = 'init';
    this.offlinePending.clear();
  }

  /** Names of queues with a SYNC outstanding (for diagnostics and tests). */
  get inFlight(): string[] {
    return [...this.chains.keys()];
  }

  get waiting(): string[] {
    return this.fifo.map((q) => q.name ?? '');
  }

  onNotice(queue: Jid | null | undefined): SyncAction[] {
    const name = queue?.name;
    if (!queue || !name) return [];
    const me = this.identity();
    // The server tells every device about a queue; our own device's queue is not for us.
    if (name === me.user && queue.clientResource === me.resource) return [];
    const chain = this.chains.get(name);
    if (chain) {
      chain.dirty = true;
      return [];
    }
    if (this.fifo.some((q) => q.name === name)) return [];
    this.fifo.push(queue);
    return this.fifo.length === 1 ? [this.start(queue)] : [];
  }

  onUnread(unread: readonly MetaQueue[] | null | undefined): SyncAction[] {
    const queues: Jid[] = [];
    for (const item of unread ?? []) {
      const q = item.queue;
      if (q?.name && !queues.some((x) => x.name === q.name)) queues.push(q);
    }
    const actions: SyncAction[] = [];
    if (this.offline === 'init') {
      // Only the first answer after a login decides whether there is an offline backlog.
      if (queues.length === 0) {
        this.offline = 'done';
        return [];
      }
      this.offline = 'running';
      for (const q of queues) this.offlinePending.add(q.name!);
      actions.push({ kind: 'offline-start' });
    }
    for (const q of queues) {
      if (!this.chains.has(q.name!)) actions.push(this.start(q));
    }
    return actions;
  }

  /** Call after the DL's metas were dispatched. ACK frames (metaId > 0) must not come here. */
  onSyncDL(dl: Pick<CommSyncDL, 'queue' | 'isLast' | 'nextKey'>): SyncAction[] {
    const queue = dl.queue;
    const name = queue?.name;
    if (!queue || !name) return [];
    if (dl.isLast) return this.finish(name);
    const key = u64ToString(dl.nextKey);
    const chain = this.chains.get(name);
    if (chain?.lastKey === key) return this.finish(name);
    if (chain) chain.lastKey = key;
    // An unsolicited push (e.g. a kick) starts a chain too: the official client always follows up.
    else this.chains.set(name, { queue, lastKey: key, dirty: false });
    return [{ kind: 'sync', queue, key }];
  }

  private start(queue: Jid): SyncAction {
    this.chains.set(queue.name!, { queue, dirty: false });
    return { kind: 'sync', queue };
  }

  private finish(name: string): SyncAction[] {
    const actions: SyncAction[] = [];
    const chain = this.chains.get(name);
    this.chains.delete(name);
    if (chain?.dirty) {
      actions.push(this.start(chain.queue));
    } else {
      const index = this.fifo.findIndex((q) => q.name === name);
      if (index >= 0) this.fifo.splice(index, 1);
      const head = this.fifo[0];
      if (index === 0 && head && !this.chains.has(head.name!)) actions.push(this.start(head));
    }
    if (this.offline === 'running' && this.offlinePending.delete(name) && this.offlinePending.size === 0) {
      this.offline = 'done';
      actions.push({ kind: 'offline-finish' });
    }
    return actions;
  }
}
