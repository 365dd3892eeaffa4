// The access rules every group use case shares: 605 missing (a room is no group), 608 disabled (the app
// server still sees it when asked), 602 not a member, 603 below the role needed; the app server passes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sqliteStorage } from '../src/adapters/sqlite/sqlite-storage.js';
import {
  access,
  accessMuc,
  appServer,
  loadGroup,
  loadMuc,
  userActor,
} from '../src/domain/mucs/muc-access.js';
import type { NewMuc } from '../src/domain/ports/mucs.js';

test('group access: 605, 608, 602, 603 and the app server', async () => {
  const storage = sqliteStorage(':memory:');
  const base: NewMuc = {
    ...{ appId: 1, kind: 'group', id: '123456789012345', name: 'g', description: '', avatar: '' },
    ...{ owner: 'olga', public: true, approval: false, allowInvites: false, inviteNeedConfirm: false },
    ...{ maxUsers: 10, custom: '', announcement: '', allMuted: false, disabled: false, createdAt: 1 },
  };
  const m = (username: string, role: 'owner' | 'admin' | 'member') => ({ username, role, joinedAt: 1 });
  await storage.mucs.create(base, [m('olga', 'owner'), m('adam', 'admin'), m('mia', 'member')]);
  await storage.mucs.create({ ...base, id: '223456789012345', kind: 'room' }, [m('olga', 'owner')]);
  const code = (type: number) => (e: any) => e?.type === type;
  const s = storage.mucs;
  try {
    await assert.rejects(loadGroup(s, 1, '999'), code(605));
    await assert.rejects(loadGroup(s, 1, '223456789012345'), code(605), 'a room is no group');
    await assert.rejects(access(s, 1, base.id, userActor('zoe'), 'member'), code(602));
    await assert.rejects(access(s, 1, base.id, userActor('mia'), 'admin'), code(603));
    await assert.rejects(access(s, 1, base.id, userActor('adam'), 'owner'), code(603));
    assert.equal((await access(s, 1, base.id, userActor('adam'), 'admin')).member?.role, 'admin');
    assert.equal((await access(s, 1, base.id, userActor('olga'), 'owner')).member?.role, 'owner');
    assert.equal((await access(s, 1, base.id, appServer, 'owner')).member, undefined);

    await s.update(1, base.id, { disabled: true }, 2);
    await assert.rejects(access(s, 1, base.id, userActor('olga'), 'member'), code(608));
    await assert.rejects(access(s, 1, base.id, appServer, 'owner'), code(608));
    assert.equal(
      (await access(s, 1, base.id, appServer, 'owner', { allowDisabled: true })).muc.disabled,
      true,
    );
  } finally {
    await storage.close();
  }
});

test('room access (kind room): 705 missing or a group, 702 not a member, 603 below the role', async () => {
  const storage = sqliteStorage(':memory:');
  const base: NewMuc = {
    ...{ appId: 1, kind: 'room', id: '323456789012345', name: 'r', description: '', avatar: '' },
    ...{ owner: 'olga', public: true, approval: false, allowInvites: false, inviteNeedConfirm: false },
    ...{ maxUsers: 10, custom: '', announcement: '', allMuted: false, disabled: false, createdAt: 1 },
  };
  const m = (username: string, role: 'owner' | 'admin' | 'member') => ({ username, role, joinedAt: 1 });
  await storage.mucs.create(base, [m('olga', 'owner'), m('mia', 'member')]);
  await storage.mucs.create({ ...base, id: '423456789012345', kind: 'group' }, [m('olga', 'owner')]);
  const code = (type: number) => (e: any) => e?.type === type;
  const rooms = { mucs: storage.mucs, kind: 'room' as const };
  try {
    await assert.rejects(loadMuc(rooms, 1, '999'), code(705));
    await assert.rejects(loadMuc(rooms, 1, '423456789012345'), code(705), 'a group is no room');
    await assert.rejects(accessMuc(rooms, 1, base.id, userActor('zoe'), 'member'), code(702));
    await assert.rejects(accessMuc(rooms, 1, base.id, userActor('mia'), 'admin'), code(603));
    assert.equal((await accessMuc(rooms, 1, base.id, userActor('mia'), 'member')).muc.kind, 'room');
    assert.equal((await accessMuc(rooms, 1, base.id, appServer, 'owner')).member, undefined);
    // Without a kind the scope is the groups'.
    await assert.rejects(accessMuc({ mucs: storage.mucs }, 1, base.id, appServer, 'owner'), code(605));
  } finally {
    await storage.close();
  }
});
