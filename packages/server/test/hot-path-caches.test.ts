// Answers kept briefly on the hot path (issue 21). The global mute per user: storage is asked once per
// user per TTL, a mute set on this node holds at once, one set elsewhere once the TTL has passed, the cache
// stays bounded. TtlCache keeping only some answers (known receivers keep a "yes", never a "no").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GlobalMuteCache } from '../src/domain/app-server/global-mute-cache.js';
import { TtlCache } from '../src/domain/cache/ttl-cache.js';
import { ContactChecks } from '../src/domain/contacts/contact-checks.js';
import type { UserMute, UserMuteStore } from '../src/domain/ports/app-server.js';

function store() {
  const rows = new Map<string, UserMute>();
  let reads = 0;
  const mutes: UserMuteStore = {
    set: (appId, m) => {
      rows.set(`${appId}/${m.username}`, m);
      return Promise.resolve();
    },
    get: (appId, username) => {
      reads++;
      return Promise.resolve(rows.get(`${appId}/${username}`));
    },
    list: () => Promise.resolve([...rows.values()]),
  };
  return { mutes, reads: () => reads };
}

const muted = (username: string): UserMute => ({
  username,
  chatUntil: -1,
  groupchatUntil: 0,
  chatroomUntil: 0,
});

test('one storage read per user per TTL; other users and apps are their own entries', async () => {
  const s = store();
  let now = 1_000;
  const cache = new GlobalMuteCache({ mutes: s.mutes, clock: { now: () => now } }, 1000);
  assert.equal(await cache.get(1, 'ann'), undefined);
  for (let i = 0; i < 10; i++) assert.equal(cache.get(1, 'ann'), undefined, 'answered without a promise');
  assert.equal(s.reads(), 1);
  await cache.get(1, 'bob');
  await cache.get(2, 'ann');
  assert.equal(s.reads(), 3);
  now += 999;
  await cache.get(1, 'ann');
  assert.equal(s.reads(), 3);
  now += 1;
  await cache.get(1, 'ann');
  assert.equal(s.reads(), 4, 'read again once the TTL has passed');
});

test('a mute set elsewhere holds after the TTL; one set here (forget) at once', async () => {
  const s = store();
  let now = 0;
  const cache = new GlobalMuteCache({ mutes: s.mutes, clock: { now: () => now } }, 1000);
  assert.equal(await cache.get(1, 'ann'), undefined);
  await s.mutes.set(1, muted('ann'));
  assert.equal(await cache.get(1, 'ann'), undefined, 'stale within the TTL');
  now += 1000;
  assert.deepEqual(await cache.get(1, 'ann'), muted('ann'));
  await s.mutes.set(1, { ...muted('ann'), chatUntil: 0 });
  cache.forget(1, 'ann');
  assert.equal((await cache.get(1, 'ann'))?.chatUntil, 0);
});

test('bounded: past the limit the oldest entry goes', async () => {
  const s = store();
  const cache = new GlobalMuteCache({ mutes: s.mutes, clock: { now: () => 0 } }, 1000, 2);
  await cache.get(1, 'a');
  await cache.get(1, 'b');
  await cache.get(1, 'c');
  assert.equal(s.reads(), 3);
  await cache.get(1, 'b');
  await cache.get(1, 'c');
  assert.equal(s.reads(), 3, 'b and c still cached');
  await cache.get(1, 'a');
  assert.equal(s.reads(), 4, 'a was evicted');
});

test('TtlCache with keep: only kept answers are cached (a "no" is asked again at once)', async () => {
  let now = 0;
  let loads = 0;
  const cache = new TtlCache<boolean>({ clock: { now: () => now }, ttlMs: 1000, limit: 10, keep: (v) => v });
  let answer = false;
  const load = () => {
    loads++;
    return Promise.resolve(answer);
  };
  assert.equal(await cache.get('u', load), false);
  assert.equal(await cache.get('u', load), false);
  assert.equal(loads, 2, 'a no is not kept');
  answer = true;
  assert.equal(await cache.get('u', load), true);
  assert.equal(cache.get('u', load), true, 'a yes is kept, answered without a promise');
  assert.equal(loads, 3);
  answer = false;
  cache.forget('u');
  assert.equal(await cache.get('u', load), false, 'forgotten: asked again');
  now += 5000;
  assert.equal(loads, 4);
});

test('ContactChecks: a block answer is kept per pair; forgetOwner drops only that owner’s answers', async () => {
  const blocks = new Set<string>();
  let reads = 0;
  const contacts = {
    isBlocked: (appId: number, owner: string, user: string) => {
      reads++;
      return Promise.resolve(blocks.has(`${appId}/${owner}/${user}`));
    },
    isContact: () => Promise.resolve(false),
  };
  const checks = new ContactChecks({ contacts, clock: { now: () => 0 } });
  assert.equal(await checks.isBlocked(1, 'bob', 'ann'), false);
  assert.equal(await checks.isBlocked(1, 'cat', 'ann'), false);
  assert.equal(await checks.isBlocked(1, 'bob', 'ann'), false);
  assert.equal(reads, 2);
  blocks.add('1/bob/ann');
  assert.equal(await checks.isBlocked(1, 'bob', 'ann'), false, 'kept until told');
  checks.forgetOwner(1, 'bob');
  assert.equal(await checks.isBlocked(1, 'bob', 'ann'), true, 'bob’s answers asked again');
  assert.equal(await checks.isBlocked(1, 'cat', 'ann'), false);
  assert.equal(reads, 3, 'cat’s answer still kept');
  checks.forgetOwner(1, 'bo'); // a prefix of another owner's name forgets nothing of bob's
  assert.equal(await checks.isBlocked(1, 'bob', 'ann'), true);
  assert.equal(reads, 3);
});

test('TtlCache: an answer loaded while a forget happened is returned but not kept', async () => {
  let loads = 0;
  let release!: (v: string) => void;
  const cache = new TtlCache<string>({ clock: { now: () => 0 }, ttlMs: 1000, limit: 10 });
  const slow = () => {
    loads++;
    return new Promise<string>((resolve) => (release = resolve));
  };
  const pending = cache.get('k', slow);
  cache.forget('k'); // the change lands while the old answer is being read
  release('old');
  assert.equal(await pending, 'old');
  assert.equal(await cache.get('k', () => (loads++, Promise.resolve('new'))), 'new', 'asked again');
  assert.equal(
    cache.get('k', () => Promise.resolve('x')),
    'new',
    'the fresh answer is kept',
  );
  assert.equal(loads, 2);
});
