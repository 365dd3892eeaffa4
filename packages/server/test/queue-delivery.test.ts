// The delivery state machine driven by scripted protocol exchanges (no socket, no store). Each row is an
// event and the action the session must take; `?` rows check the state the next rows depend on.
//   hint Q [SEQ] [entry] [slow]   a queue hint (with the entry's bytes; the socket above the slow mark)
//   sync Q KEY                    the client's SYNC{queue, key}
//   acked Q KEY                   the store moved the cursor to KEY
//   read Q KEY ITEMS SCANNED      the store's read after KEY: ITEMS entries, looked as far as SCANNED
//   drained Q HEAD                the store moved the cursor past own sends, to HEAD
//   own Q SEQ                     the device's own send committed at SEQ (no action)
//   ?known Q  /  ?syncing Q       the known position ('-' when unknown) / whether a drain or push runs
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueueDelivery } from '../src/gateway/queue-delivery.js';

type Row = readonly [event: string, expected: string];

function play(rows: readonly Row[], d = new QueueDelivery()): QueueDelivery {
  rows.forEach(([event, expected], i) => {
    const [verb, q = '', ...args] = event.split(' ');
    const n = (k: number) => BigInt(args[k]!);
    let got: string;
    switch (verb) {
      case 'hint': {
        const seq = args[0] !== undefined && /^\d+$/.test(args[0]) ? BigInt(args[0]) : undefined;
        got = d.onHint(q, seq, args.includes('entry'), !args.includes('slow'));
        break;
      }
      case 'sync':
        got = d.onSyncUL(q, n(0));
        break;
      case 'acked':
        got = d.onAcked(q, n(0));
        break;
      case 'read':
        got = d.onRead(q, n(0), Number(args[1]), n(2));
        break;
      case 'drained':
        got = d.onDrained(q, n(0));
        break;
      case 'own':
        d.onOwnSend(q, n(0));
        got = 'none';
        break;
      case '?known':
        got = d.knownOf(q)?.toString() ?? '-';
        break;
      case '?syncing':
        got = String(d.isSyncing(q));
        break;
      default:
        throw new Error(`unknown event ${event}`);
    }
    assert.equal(got, expected, `row ${i + 1}: ${event}`);
  });
  return d;
}

/** A device that drained `bob` up to 7 and so is known to have everything before 8. */
const upTo7: Row[] = [
  ['hint bob 5 entry', 'notice'],
  ['sync bob 0', 'read'],
  ['read bob 0 2 7', 'batch'],
  ['sync bob 7', 'ack'],
  ['acked bob 7', 'read'],
  ['read bob 7 0 7', 'last'],
  ['?known bob', '7'],
  ['?syncing bob', 'false'],
];

test('NOTICE → SYNC → read → DL … → empty read → isLast, and the position becomes known', () => {
  play(upTo7);
});

test('a first SYNC with nothing to read ends at once and the position is its key', () => {
  play([
    ['sync bob 0', 'read'],
    ['read bob 0 0 0', 'last'],
    ['?known bob', '0'],
    ['hint bob 1 entry', 'push'],
  ]);
});

test('an up-to-date device gets the next entry pushed; its ack ends the drain without a read', () => {
  play([
    ...upTo7,
    ['hint bob 8 entry', 'push'],
    ['?syncing bob', 'true'],
    ['sync bob 8', 'ack'],
    ['acked bob 8', 'last'],
    ['?known bob', '8'],
    ['hint bob 9 entry', 'push'],
  ]);
});

test('no push without the entry, past a gap, or to a socket that is not keeping up', () => {
  play([...upTo7, ['hint bob 8', 'notice'], ['?known bob', '-']]);
  play([...upTo7, ['hint bob 9 entry', 'notice'], ['?known bob', '-']]);
  play([...upTo7, ['hint bob 8 entry slow', 'notice'], ['?known bob', '-']]);
  play([['hint bob 1 entry', 'notice']], new QueueDelivery()); // never drained: position unknown
});

test('already known: a hint at or behind the known position is dropped, one without seq is not', () => {
  play([
    ...upTo7,
    ['hint bob 7 entry', 'none'],
    ['hint bob 3 entry', 'none'],
    ['hint bob 7', 'none'],
    ['?known bob', '7'],
    ['hint bob', 'notice'], // a resync after a bus outage: no position to compare
    ['?known bob', '-'],
  ]);
});

test('a hint during a drain is held and its NOTICE sent right after isLast', () => {
  play([
    ['hint bob 5 entry', 'notice'],
    ['sync bob 0', 'read'],
    ['hint bob 6 entry', 'none'], // the client ignores a NOTICE for a queue it drains
    ['read bob 0 2 5', 'batch'], // this read was issued before the hint: 6 may be missing
    ['sync bob 5', 'ack'],
    ['hint bob 7 entry', 'none'],
    ['acked bob 5', 'read'], // the read sees 6 and 7: dirty is consumed here
    ['read bob 5 2 7', 'batch'],
    ['sync bob 7', 'ack'],
    ['acked bob 7', 'read'],
    ['hint bob 8 entry', 'none'], // after the last read: repeated as NOTICE with the isLast
    ['read bob 7 0 7', 'last+notice'],
    ['?known bob', '-'],
    ['?syncing bob', 'false'],
    ['hint bob 9 entry', 'notice'], // position unknown until the next drain ends
  ]);
});

test('a hint during a push makes its ack read instead of ending the drain', () => {
  play([
    ...upTo7,
    ['hint bob 8 entry', 'push'],
    ['hint bob 9 entry', 'none'],
    ['sync bob 8', 'ack'],
    ['acked bob 8', 'read'],
    ['read bob 8 1 9', 'batch'],
    ['sync bob 9', 'ack'],
    ['acked bob 9', 'read'],
    ['read bob 9 0 9', 'last'],
    ['?known bob', '9'],
  ]);
});

test('a SYNC that crosses an unacknowledged push waits for the push ack, without a read', () => {
  play([
    ...upTo7,
    ['hint bob 8 entry', 'push'],
    ['sync bob 0', 'wait'], // sent by the client before it saw the push (e.g. after UNREAD)
    ['?syncing bob', 'true'],
    ['hint bob 9 entry', 'none'],
    ['sync bob 8', 'ack'], // the push's ack ends what the crossing SYNC started
    ['acked bob 8', 'read'], // 9 was hinted meanwhile
    ['read bob 8 1 9', 'batch'],
  ]);
  play([
    ...upTo7,
    ['hint bob 8 entry', 'push'],
    ['sync bob 7', 'ack'], // a SYNC with an older key crosses too
    ['acked bob 7', 'wait'],
    ['sync bob 8', 'ack'],
    ['acked bob 8', 'last'],
    ['?known bob', '8'],
  ]);
});

test("the device's own sends advance the known position only when they are next", () => {
  play([
    ...upTo7,
    ['own bob 8', 'none'],
    ['?known bob', '8'],
    ['hint bob 9 entry', 'push'], // the peer's answer right after our own message
    ['sync bob 9', 'ack'],
    ['acked bob 9', 'last'],
    ['own bob 11', 'none'], // 10 is not known to be here
    ['?known bob', '9'],
    ['own carol 1', 'none'], // a queue never drained stays unknown
    ['?known carol', '-'],
  ]);
});

test('an empty read past own sends moves the cursor there before isLast', () => {
  play([
    ['sync bob 0', 'read'],
    ['read bob 0 0 4', 'ack'], // entries 1–4 are this device's own sends
    ['hint bob 5 entry', 'none'], // arrives while the cursor moves: repeated after isLast
    ['drained bob 4', 'last+notice'],
    ['sync bob 0', 'read'],
    ['read bob 0 1 5', 'batch'],
    ['sync bob 5', 'ack'],
    ['acked bob 5', 'read'],
    ['read bob 5 0 6', 'ack'],
    ['drained bob 6', 'last'],
    ['?known bob', '6'],
  ]);
});

test('queues are independent', () => {
  play([
    ['hint bob 1 entry', 'notice'],
    ['sync bob 0', 'read'],
    ['hint carol 1 entry', 'notice'], // carol is not being drained
    ['read bob 0 0 1', 'ack'],
    ['drained bob 1', 'last'],
    ['?known carol', '-'],
    ['?known bob', '1'],
  ]);
});
