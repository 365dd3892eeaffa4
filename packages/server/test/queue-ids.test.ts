// Queue ids carry their kind: the JID a client sees, and the id its SYNC names, come from one table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Domain } from '@confab/protocol';
import { isValidUsername } from '../src/domain/users/username-rules.js';
import {
  NOTICE_DOMAIN,
  NOTICE_QUEUE_NAME,
  queueId,
  queueIdOfJid,
  queueJid,
  THREAD_QUEUE_DOMAIN,
  queueKind,
  queueName,
  type QueueKind,
} from '../src/domain/messages/queue-ids.js';

test("a user queue's id is its name, as stored today", () => {
  assert.equal(queueId('user', 'bob'), 'bob');
  assert.equal(queueKind('bob'), 'user');
  assert.deepEqual(queueJid('org#app', 'bob'), { appKey: 'org#app', name: 'bob', domain: Domain.USER });
  assert.equal(queueIdOfJid({ appKey: 'org#app', name: 'bob', domain: Domain.USER }), 'bob');
  assert.equal(queueIdOfJid({ name: 'bob' }), 'bob', 'no domain: a user queue');
  assert.equal(queueIdOfJid({ name: 'bob', domain: 'elsewhere.example' }), 'bob');
  assert.equal(queueIdOfJid({ domain: Domain.USER }), undefined, 'no name: no queue');
  assert.equal(queueIdOfJid(null), undefined);
});

test('every kind round-trips through its id, and the same name in two kinds is two queues', () => {
  const kinds: QueueKind[] = ['user', 'group', 'room', 'thread'];
  const ids = kinds.map((k) => queueId(k, '1234'));
  assert.equal(new Set(ids).size, kinds.length);
  kinds.forEach((k, i) => {
    assert.equal(queueKind(ids[i]!), k);
    assert.equal(queueName(ids[i]!), '1234');
    assert.equal(queueJid('a#b', ids[i]!).name, '1234');
    const domain = k === 'user' ? Domain.USER : k === 'thread' ? THREAD_QUEUE_DOMAIN : Domain.CONFERENCE;
    assert.equal(queueJid('a#b', ids[i]!).domain, domain);
  });
});

test('a conference JID names a group queue, never the user queue of the same name', () => {
  const id = queueIdOfJid({ name: '1234', domain: Domain.CONFERENCE });
  assert.equal(id, queueId('group', '1234'));
  assert.notEqual(id, '1234');
});

test("a user's notice queue has its own domain and a name no username or group id can have", () => {
  const id = queueId('notice', NOTICE_QUEUE_NAME);
  assert.equal(queueKind(id), 'notice');
  assert.equal(queueName(id), NOTICE_QUEUE_NAME);
  const jid = queueJid('a#b', id);
  assert.deepEqual(jid, { appKey: 'a#b', name: NOTICE_QUEUE_NAME, domain: NOTICE_DOMAIN });
  assert.equal(queueIdOfJid(jid), id, "the client's echo names it again");
  assert.ok(!isValidUsername(NOTICE_QUEUE_NAME), 'never a peer of a one-to-one queue');
  assert.ok(!/^\d+$/.test(NOTICE_QUEUE_NAME), 'never a group, room or thread id');
  assert.ok(![Domain.USER, Domain.CONFERENCE].includes(NOTICE_DOMAIN as never));
});

test("a thread's queue has its own domain, so the client's SYNC of it names the thread, not a group", () => {
  const id = queueId('thread', '1234');
  assert.equal(queueIdOfJid(queueJid('a#b', id)), id);
});
