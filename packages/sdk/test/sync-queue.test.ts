// The delivery state machine driven by scripted server frames (no socket).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyncQueue } from '../src/sync-queue.js';
import type { SyncAction } from '../src/sync-queue.js';

const me = { user: 'alice', resource: 'webim_web_A' };
const q = (name: string, clientResource?: string) => ({
  appKey: 'org#app',
  name,
  domain: 'easemob.com',
  ...(clientResource ? { clientResource } : {}),
});
const syncs = (actions: SyncAction[]) =>
  actions.map((a) =>
    a.kind === 'sync' ? `sync ${a.queue.name}${a.key === undefined ? '' : `@${a.key}`}` : a.kind,
  );

test('NOTICE syncs the queue, nextKey is followed, isLast ends it', () => {
  const s = new SyncQueue(() => me);
  assert.deepEqual(syncs(s.onNotice(q('bob'))), ['sync bob']);
  assert.deepEqual(syncs(s.onSyncDL({ queue: q('bob'), nextKey: '17', isLast: false })), ['sync bob@17']);
  assert.deepEqual(syncs(s.onSyncDL({ queue: q('bob'), isLast: true })), []);
  assert.deepEqual(s.inFlight, []);
  assert.deepEqual(s.waiting, []);
});

test('NOTICEd queues drain one at a time in FIFO order', () => {
  const s = new SyncQueue(() => me);
  assert.deepEqual(syncs(s.onNotice(q('q1'))), ['sync q1']);
  assert.deepEqual(syncs(s.onNotice(q('q2'))), []);
  assert.deepEqual(syncs(s.onNotice(q('q2'))), [], 'a queue already waiting is not added twice');
  assert.deepEqual(s.waiting, ['q1', 'q2']);
  assert.deepEqual(syncs(s.onSyncDL({ queue: q('q1'), isLast: true })), ['sync q2']);
  assert.deepEqual(syncs(s.onSyncDL({ queue: q('q2'), isLast: true })), []);
});

test('a NOTICE for our own device is ignored, one for our user on another device is not', () => {
  const s = new SyncQueue(() => me);
  assert.deepEqual(syncs(s.onNotice(q('alice', 'webim_web_A'))), []);
  assert.deepEqual(syncs(s.onNotice(q('alice', 'webim_web_B'))), ['sync alice']);
  assert.deepEqual(syncs(s.onNotice(null)), [], 'a NOTICE without queue is dropped');
});

test('a NOTICE during a running sync of that queue costs one more round instead of being lost', () => {
  const s = new SyncQueue(() => me);
  s.onNotice(q('bob'));
  assert.deepEqual(syncs(s.onNotice(q('bob'))), []);
  assert.deepEqual(syncs(s.onSyncDL({ queue: q('bob'), isLast: true })), ['sync bob']);
  assert.deepEqual(syncs(s.onSyncDL({ queue: q('bob'), isLast: true })), []);
});

test('the same nextKey twice ends the chain (the official loop guard)', () => {
  const s = new SyncQueue(() => me);
  s.onNotice(q('bob'));
  s.onNotice(q('carol'));
  assert.deepEqual(syncs(s.onSyncDL({ queue: q('bob'), nextKey: '5' })), ['sync bob@5']);
  assert.deepEqual(syncs(s.onSyncDL({ queue: q('bob'), nextKey: '5' })), ['sync carol']);
});

test('an absent nextKey is followed as key 0, like the official client (Long(0) is truthy)', () => {
  const s = new SyncQueue(() => me);
  assert.deepEqual(
    syncs(s.onSyncDL({ queue: q('alice') })),
    ['sync alice@0'],
    'an unsolicited push starts a chain',
  );
  assert.deepEqual(syncs(s.onSyncDL({ queue: q('alice'), isLast: true })), []);
});

test('UNREAD at login: offline start, every queue synced at once, finish after the last isLast', () => {
  const s = new SyncQueue(() => me);
  const actions = s.onUnread([
    { queue: q('bob'), n: 2 },
    { queue: q('carol'), n: 1 },
    { queue: q('bob'), n: 2 },
  ]);
  assert.deepEqual(syncs(actions), ['offline-start', 'sync bob', 'sync carol']);
  assert.deepEqual(syncs(s.onSyncDL({ queue: q('carol'), nextKey: '9' })), ['sync carol@9']);
  assert.deepEqual(syncs(s.onSyncDL({ queue: q('carol'), isLast: true })), []);
  assert.deepEqual(syncs(s.onSyncDL({ queue: q('bob'), isLast: true })), ['offline-finish']);
  assert.deepEqual(
    syncs(s.onUnread([{ queue: q('dave'), n: 1 }])),
    ['sync dave'],
    'later UNREADs only reconcile',
  );
});

test('an empty first UNREAD means no offline sync events at all', () => {
  const s = new SyncQueue(() => me);
  assert.deepEqual(syncs(s.onUnread([])), []);
  assert.deepEqual(syncs(s.onUnread([{ queue: q('bob'), n: 1 }])), ['sync bob']);
});

test('a heartbeat UNREAD does not restart a queue that is being synced', () => {
  const s = new SyncQueue(() => me);
  s.onUnread([]);
  s.onNotice(q('bob'));
  assert.deepEqual(
    syncs(
      s.onUnread([
        { queue: q('bob'), n: 1 },
        { queue: q('carol'), n: 1 },
      ]),
    ),
    ['sync carol'],
  );
});

test('a queue waiting in the FIFO that an UNREAD drained is not synced again', () => {
  const s = new SyncQueue(() => me);
  s.onUnread([]);
  s.onNotice(q('q1'));
  s.onNotice(q('q2'));
  assert.deepEqual(syncs(s.onUnread([{ queue: q('q2'), n: 1 }])), ['sync q2']);
  assert.deepEqual(syncs(s.onSyncDL({ queue: q('q2'), isLast: true })), []);
  assert.deepEqual(syncs(s.onSyncDL({ queue: q('q1'), isLast: true })), []);
  assert.deepEqual(s.waiting, []);
});

test('reset() (new login) forgets in-flight work and re-arms offline sync', () => {
  const s = new SyncQueue(() => me);
  s.onUnread([{ queue: q('bob'), n: 1 }]);
  s.onNotice(q('carol'));
  s.reset();
  assert.deepEqual(s.inFlight, []);
  assert.deepEqual(syncs(s.onUnread([{ queue: q('bob'), n: 1 }])), ['offline-start', 'sync bob']);
});
