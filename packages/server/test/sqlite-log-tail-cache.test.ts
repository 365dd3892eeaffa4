// The SQLite store keeps the recent entries of shared logs (groups) in memory so one read serves every
// member: what it serves must be exactly what the SQL gives (own sends skipped, online-only entries,
// limits, cursors behind and ahead of the kept tail), and never an entry that is not on disk yet.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { WalFlush } from '../src/adapters/sqlite/sqlite-durability.js';
import { sqliteStorage } from '../src/adapters/sqlite/sqlite-storage.js';
import type { ConversationTarget, DeviceRef, NewMessage, Storage } from '../src/domain/ports/storage.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'confab-tail-'));
  dirs.push(dir);
  return join(dir, 'confab.sqlite');
};

const GROUP = 'g:4242';
const USERS = ['alice', 'bob', 'carol'];
const target: ConversationTarget = { key: GROUP, members: USERS.map((owner) => ({ owner, queue: GROUP })) };
const T0 = 1_700_000_000_000;
/** The store's rows per scan (sqlite-message-store.ts SCAN_CHUNK): reads end at a chunk's end. */
const SCAN_CHUNK = 200;

async function appWith(storage: Storage): Promise<number> {
  const app = await storage.apps.create({
    org: 'o',
    name: 'a',
    uuid: 'u',
    clientId: 'c',
    clientSecretHash: 'h',
    settings: { openRegistration: true, tokenTtlSeconds: 60, maxMessageBytes: 5120 },
    createdAt: 1,
  });
  return app.id;
}

let n = 0;
const entry = (appId: number, sender: string, senderResource: string, onlineOnly = false): NewMessage => {
  n++;
  return {
    id: BigInt(n),
    appId,
    sender,
    senderResource,
    clientMsgId: `m${n}`,
    recipient: GROUP,
    chatType: 2,
    createdAt: T0 + n,
    meta: new Uint8Array([n & 0xff, n >> 8]),
    onlineOnly,
  };
};

/** A flush that waits until the test releases it. */
function heldFlush() {
  const held: Array<(err: NodeJS.ErrnoException | null) => void> = [];
  let holding = false;
  const flush: WalFlush = (_fd, done) => (holding ? void held.push(done) : done(null));
  return {
    flush,
    hold: () => (holding = true),
    release: () => {
      holding = false;
      held.splice(0).forEach((done) => done(null));
    },
  };
}

const positions = (b: { items: { pos: bigint }[] }) => b.items.map((i) => Number(i.pos));

test('an entry committed but not yet on disk is served by neither the SQL nor the kept tail', async () => {
  const wal = heldFlush();
  const storage = sqliteStorage(tempDb(), { flushWal: wal.flush });
  const appId = await appWith(storage);
  const bob: DeviceRef = { appId, owner: 'bob', resource: 'r1' };
  const carol: DeviceRef = { appId, owner: 'carol', resource: 'r1' };
  await storage.messages.append(entry(appId, 'alice', 'r1'), target);
  assert.deepEqual(positions(await storage.messages.readQueue(bob, GROUP, 50)), [1]); // fills the tail

  wal.hold();
  const second = storage.messages.append(entry(appId, 'alice', 'r1'), target);
  await new Promise((r) => setTimeout(r, 20)); // committed, its flush held
  assert.deepEqual(positions(await storage.messages.readQueue(bob, GROUP, 50)), [1]);
  assert.deepEqual(positions(await storage.messages.readQueue(carol, GROUP, 50)), [1]);

  wal.release();
  await second;
  // On disk now: the tail that had ended at 1 reads on.
  assert.deepEqual(positions(await storage.messages.readQueue(bob, GROUP, 50)), [1, 2]);
  assert.deepEqual(positions(await storage.messages.readQueue(carol, GROUP, 50)), [1, 2]);
  await storage.close();
});

/** A small deterministic generator, so a failure replays. */
function prng(seed: number) {
  let s = seed >>> 0;
  return (below: number) => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s % below;
  };
}

test('what the tail serves is exactly what the SQL would: own sends, online-only entries, limits, lagging cursors', async () => {
  const storage = sqliteStorage(tempDb());
  const appId = await appWith(storage);
  const rand = prng(7);
  const devices: DeviceRef[] = [
    { appId, owner: 'alice', resource: 'r1' },
    { appId, owner: 'alice', resource: 'r2' },
    { appId, owner: 'bob', resource: 'r1' },
    { appId, owner: 'bob', resource: 'r2' },
    { appId, owner: 'carol', resource: 'r1' },
    { appId, owner: 'carol', resource: 'r2' },
  ];
  const log: Array<{
    seq: number;
    sender: string;
    resource: string;
    onlineOnly: boolean;
    createdAt: number;
    tag: number;
  }> = [];
  const cursor = new Map<DeviceRef, number>(devices.map((d) => [d, 0]));
  /** What the SQL alone gives (the store's contract): the model the cached reads are checked against. */
  const expected = (d: DeviceRef, limit: number, onlineSince: number | undefined) => {
    const items: number[] = [];
    let scannedTo = cursor.get(d)!;
    // The store scans rows a chunk at a time and stops after a chunk that gave the device something.
    const chunk = Math.max(limit, SCAN_CHUNK);
    for (let from = cursor.get(d)!; from < log.length && items.length === 0; from += chunk) {
      for (const e of log.slice(from, from + chunk)) {
        if (items.length === limit) break;
        scannedTo = e.seq;
        if (e.sender === d.owner && e.resource === d.resource) continue;
        if (e.onlineOnly && onlineSince !== undefined && e.createdAt < onlineSince) continue;
        items.push(e.seq);
      }
    }
    return { items, scannedTo };
  };

  for (let round = 0; round < 120; round++) {
    // A burst of sends (sometimes long, past the kept tail's size), then some devices read and ack.
    const burst = rand(10) === 0 ? 250 + rand(300) : rand(8);
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < burst; i++) {
      const from = devices[rand(devices.length)]!;
      const m = entry(appId, from.owner, from.resource, rand(5) === 0);
      log.push({
        seq: log.length + 1,
        sender: m.sender,
        resource: m.senderResource,
        onlineOnly: m.onlineOnly ?? false,
        createdAt: m.createdAt,
        tag: m.meta[0]!,
      });
      sends.push(storage.messages.append(m, target));
    }
    await Promise.all(sends);
    // The sender's cursor follows its own send when it had everything before: mirror that.
    for (const e of log.slice(log.length - burst)) {
      const d = devices.find((x) => x.owner === e.sender && x.resource === e.resource)!;
      if (cursor.get(d) === e.seq - 1) cursor.set(d, e.seq);
    }
    for (const d of devices) {
      if (rand(3) === 0) continue; // this one lags
      const limit = 1 + rand(rand(4) === 0 ? 300 : 20);
      const onlineSince = rand(2) === 0 ? undefined : T0 + 1 + rand(n);
      const got = await storage.messages.readQueue(d, GROUP, limit, onlineSince);
      const want = expected(d, limit, onlineSince);
      assert.deepEqual(
        { items: positions(got), scannedTo: Number(got.scannedTo) },
        want,
        `round ${round}, ${d.owner}/${d.resource}, limit ${limit}`,
      );
      for (const it of got.items) assert.equal(it.meta[0], log[Number(it.pos) - 1]!.tag);
      // Ack all, part or nothing of what was read.
      const some = got.items[rand(got.items.length + 1)];
      const ackTo = [Number(got.scannedTo), some ? Number(some.pos) : 0, 0][rand(3)]!;
      if (ackTo > cursor.get(d)!) {
        await storage.messages.ackQueue(d, GROUP, BigInt(ackTo));
        cursor.set(d, ackTo);
      }
    }
  }
  await storage.close();
});
