// A feature the server does not serve yet says so: the ACK's text names the feature and "not supported",
// and the code is not one that blames the app's parameters or ids (705 no such room). (Group messages are
// served: group-messages.test.ts.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ContentType,
  Domain,
  MessageType,
  NameSpace,
  codeFromAckStatus,
  msync,
  type CommSyncDL,
} from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { RawClient } from './support/raw-client.js';
import { login, register } from './support/rest.js';

describe('features not served yet', () => {
  let env: TestServer;
  let alice: RawClient;

  before(async () => {
    env = await startTestServer();
    await register(env, 'alice');
    const token = await login(env, 'alice');
    ({ client: alice } = await RawClient.login(env.wsUrl, env.appKey, 'alice', token, 'web'));
  });
  after(async () => {
    await alice.close();
    await env.close();
  });

  const sendTo = (type: number, to: string, ns: number = NameSpace.CHAT): Promise<CommSyncDL> =>
    alice.sendMeta({
      id: String(Date.now()),
      to: { appKey: env.appKey, name: to, domain: Domain.CONFERENCE },
      ns,
      payload: msync.MessageBody.encode({
        type,
        from: { name: 'alice' },
        to: { name: to },
        contents: [{ type: ContentType.TEXT, text: 'hi' }],
      }),
    });

  const refusal = (ack: CommSyncDL) => codeFromAckStatus(ack.status);

  test('a meta in a namespace the server does not serve names it', async () => {
    const muc = refusal(await sendTo(MessageType.CHATROOM, '123456', NameSpace.MUC));
    assert.equal(muc.type, 503);
    assert.match(
      muc.message,
      /^group operations over the socket \(namespace MUC\) are not supported by this server$/,
    );
    const roster = refusal(await sendTo(MessageType.CHAT, 'bob', NameSpace.ROSTER));
    assert.match(roster.message, /not supported by this server$/);
  });
});
