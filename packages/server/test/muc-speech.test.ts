// Who may speak in a group: the rule the send path applies per message (domain/mucs/muc-speech.ts), on a
// real store: the owner always, a mute in force silences until it ends, mute-all silences plain members
// but not admins, the allow list lets a member speak through both, a blocked user never speaks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sqliteStorage } from '../src/adapters/sqlite/sqlite-storage.js';
import { isMuted, maySpeak } from '../src/domain/mucs/muc-speech.js';
import { NEVER_EXPIRES } from '../src/domain/ports/muc-lists.js';

test('maySpeak: owner, mute with expiry, mute-all, allow list, block', async () => {
  const storage = sqliteStorage(':memory:');
  try {
    const lists = storage.mucLists;
    const muc = { appId: 1, id: '42', allMuted: false };
    const forever = (username: string) => [{ username, expiresAt: NEVER_EXPIRES }];
    const muted = (user: string, role: 'owner' | 'admin' | 'member', now = 1000, m = muc) =>
      isMuted(lists, m, user, role, now);

    assert.equal(await muted('mia', 'member'), false);
    await lists.add(1, '42', 'mute', [{ username: 'mia', expiresAt: 5000 }], 1);
    assert.equal(await muted('mia', 'member', 4999), true);
    assert.equal(await muted('mia', 'member', 5000), false, 'the mute ended');
    await lists.add(1, '42', 'mute', forever('adam'), 1);
    assert.equal(await muted('adam', 'admin'), true, 'the owner may mute an admin');
    await lists.add(1, '42', 'mute', forever('owen'), 1);
    assert.equal(await muted('owen', 'owner'), false, 'the owner always speaks');

    const all = { ...muc, allMuted: true };
    assert.equal(await muted('max', 'member', 1000, all), true, 'mute-all silences members');
    assert.equal(await muted('abby', 'admin', 1000, all), false, '…not admins');
    await lists.add(1, '42', 'allow', forever('max'), 1);
    await lists.add(1, '42', 'allow', forever('mia'), 1);
    assert.equal(await muted('max', 'member', 1000, all), false, 'allow-listed speak while all are muted');
    assert.equal(await muted('mia', 'member', 1000, all), false, '…and through their own mute');
    await lists.add(1, '42', 'block', forever('bob'), 1);
    assert.equal(
      maySpeak(muc, 'member', await lists.speakerState(1, '42', 'bob', 1000)),
      false,
      'blocked users never speak',
    );
  } finally {
    await storage.close();
  }
});
