// The delivery state of one device's queues (spec §4.5), free of I/O: the server twin of the SDK's
// sync-queue.ts. Events come in (a hint, the client's SYNC, the answers of the store, the device's own
// send) and each returns what the session must do next; the session does the socket and store work.
//
// A queue is delivered either by NOTICE → SYNC{queue} → read → DL … → isLast (the drain), or, when the
// device is known to have everything before a new entry, by pushing that entry as an unsolicited DL; the
// client's SYNC{queue, key} acknowledges it and the drain ends with isLast. The rules:
// - One push or drain at a time per queue; a hint meanwhile marks the queue dirty, and since the client
//   ignores a NOTICE for a queue it is draining, the NOTICE is sent right after isLast instead.
// - A hint at or behind the known position is dropped: a read already delivered its entry.
// - A SYNC that crosses an unacknowledged push waits for the push's ack; reading would send it twice.
// - isLast never travels with metas (the 1.4.0 client would re-sync the queue forever).

/**
 * What the session does next:
 * - `none`: nothing.
 * - `push`: push the hint's entry (an unsolicited DL with nextKey = its seq).
 * - `notice`: send NOTICE{queue}.
 * - `ack`: move the device's cursor in the store (to the SYNC's key, or after an empty read to the read's
 *   `scannedTo`), then report it with `onAcked` / `onDrained` respectively.
 * - `read`: read the queue after the device's cursor, then report it with `onRead`.
 * - `batch`: send the entries just read (isLast false, nextKey = scannedTo); the client's next SYNC goes on.
 * - `wait`: nothing now; the acknowledgement of the push in flight continues the drain.
 * - `last`: send isLast{queue}; the drain is over.
 * - `last+notice`: send isLast, then NOTICE: something arrived during the drain.
 */
export type DeliveryAction =
  'none' | 'push' | 'notice' | 'ack' | 'read' | 'batch' | 'wait' | 'last' | 'last+notice';

interface QueueState {
  /** Between the client's first SYNC (or our push) and our isLast. */
  syncing: boolean;
  /** Woken while syncing: NOTICE again after isLast. */
  dirty: boolean;
  /** The position up to which the device is known to have everything (after isLast or an own send). */
  known: bigint | undefined;
  /** The entry pushed without a read and not acknowledged yet. */
  pushed: bigint | undefined;
}

export class QueueDelivery {
  private readonly queues = new Map<string, QueueState>();

  /**
   * The queue has a new entry (or may have: `seq` undefined). `hasEntry`: the hint carries the entry's bytes;
   * `keepingUp`: the socket's unsent bytes are below the slow-consumer mark.
   */
  onHint(
    queue: string,
    seq: bigint | undefined,
    hasEntry: boolean,
    keepingUp: boolean,
  ): 'none' | 'push' | 'notice' {
    const s = this.queues.get(queue);
    if (s?.syncing) {
      // One push at a time: pipelining them measured no faster (the commit cycle is the limit), and a
      // single outstanding entry keeps the SYNC loop simple.
      s.dirty = true;
      return 'none';
    }
    if (s === undefined) return 'notice';
    // Reads see every commit and hints travel after it, so a hint can arrive after a read delivered its
    // entry; a NOTICE now would start a second SYNC loop beside a push.
    if (seq !== undefined && s.known !== undefined && seq <= s.known) return 'none';
    if (seq !== undefined && hasEntry && keepingUp && s.known === seq - 1n) {
      s.syncing = true;
      s.pushed = seq;
      return 'push';
    }
    // The client answers with SYNC{queue}; the position is unknown until that drain ends. Not syncing,
    // so nothing else is pending here: the state can go.
    this.queues.delete(queue);
    return 'notice';
  }

  /** SYNC{queue, key}: everything up to `key` is acknowledged (0: nothing yet). */
  onSyncUL(queue: string, key: bigint): DeliveryAction {
    this.stateOf(queue).syncing = true;
    return key > 0n ? 'ack' : this.onAcked(queue, key);
  }

  /** The store moved the cursor to the SYNC's `key`. */
  onAcked(queue: string, key: bigint): DeliveryAction {
    const s = this.stateOf(queue);
    const pushed = s.pushed;
    // A SYNC that crossed the push (e.g. after an UNREAD heartbeat): the push's acknowledgement follows
    // and ends this drain.
    if (pushed !== undefined && key < pushed) return 'wait';
    s.pushed = undefined;
    // The pushed entry is acknowledged and nothing newer was hinted meanwhile: no read needed.
    if (pushed !== undefined && key === pushed && !s.dirty) return finish(s, key);
    // The read sees every entry committed so far, including those whose hints marked the queue dirty.
    s.dirty = false;
    return 'read';
  }

  /** The read after `key` returned `items` entries and looked as far as `scannedTo`. */
  onRead(queue: string, key: bigint, items: number, scannedTo: bigint): DeliveryAction {
    if (items > 0) return 'batch';
    // Only the device's own sends were left: it has seen them, so its cursor moves past them.
    if (scannedTo > key) return 'ack';
    return finish(this.stateOf(queue), key);
  }

  /** The store moved the cursor past the device's own sends, to `head`. */
  onDrained(queue: string, head: bigint): DeliveryAction {
    return finish(this.stateOf(queue), head);
  }

  /** The device's own message was committed at `seq` of its queue: it has that entry. */
  onOwnSend(queue: string, seq: bigint): void {
    const s = this.queues.get(queue);
    if (s !== undefined && s.known === seq - 1n) s.known = seq;
  }

  /** For tests and diagnostics: the known position of a queue. */
  knownOf(queue: string): bigint | undefined {
    return this.queues.get(queue)?.known;
  }

  /** For tests and diagnostics: whether a push or drain of the queue is in progress. */
  isSyncing(queue: string): boolean {
    return this.queues.get(queue)?.syncing ?? false;
  }

  private stateOf(queue: string): QueueState {
    let s = this.queues.get(queue);
    if (s === undefined) {
      s = { syncing: false, dirty: false, known: undefined, pushed: undefined };
      this.queues.set(queue, s);
    }
    return s;
  }
}

/** isLast: the device now has everything up to `head`, unless something arrived during the drain. */
function finish(s: QueueState, head: bigint): 'last' | 'last+notice' {
  s.syncing = false;
  if (s.dirty) {
    s.dirty = false;
    s.known = undefined;
    return 'last+notice';
  }
  s.known = head;
  return 'last';
}
