// Issue 13, item 4: the whole message (body + ext) counts toward the app's 5 KB limit, and every name a
// client sends on the socket is bounded (login refused or ACK refused, never stored or relayed).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ContentType,
  Domain,
  ErrorCode,
  MessageType,
  NameSpace,
  StatusCode,
  ValueType,
  codeFromAckStatus,
  codeFromProvisionStatus,
  msync,
  type KeyValue,
} from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { RawClient } from './support/raw-client.js';
import { login, register } from './support/rest.js';

const textBody = (text: string, ext?: KeyValue[]) =>
  msync.MessageBody.encode({
    type: MessageType.CHAT,
    from: { name: 'alice' },
    to: { name: 'bob' },
    contents: [{ type: ContentType.TEXT, text }],
    ...(ext ? { ext } : {}),
  });

const stringExt = (key: string, value: string): KeyValue => ({
  key,
  type: ValueType.STRING,
  stringValue: value,
});

describe('message size and field bounds', () => {
  let env: TestServer;
  let alice: RawClient;
  let bob: RawClient;
  let ids = 700_000;

  before(async () => {
    env = await startTestServer();
    await register(env, 'alice');
    await register(env, 'bob');
    ({ client: alice } = await RawClient.login(
      env.wsUrl,
      env.appKey,
      'alice',
      await login(env, 'alice'),
      'a1',
    ));
    ({ client: bob } = await RawClient.login(env.wsUrl, env.appKey, 'bob', await login(env, 'bob'), 'b1'));
  });
  after(async () => {
    await alice.close();
    await bob.close();
    await env.close();
  });

  const send = (payload: Uint8Array, ext?: KeyValue[], to = 'bob') =>
    alice.sendMeta({
      id: String(ids++),
      to: { appKey: env.appKey, name: to, domain: Domain.USER },
      ns: NameSpace.CHAT,
      payload,
      ...(ext ? { ext } : {}),
    });

  test('a 250 KB message ext (inside the body) is refused with 511 and never relayed', async () => {
    const ack = await send(textBody('small', [stringExt('big', 'x'.repeat(250 * 1024))]));
    assert.equal(ack.status?.errorCode, StatusCode.PERMISSION_DENIED);
    assert.equal(codeFromAckStatus(ack.status).type, ErrorCode.MESSAGE_SIZE_LIMIT);
  });

  test('a 250 KB meta ext beside a small body is refused with 511 too', async () => {
    const ack = await send(textBody('small'), [stringExt('big', 'x'.repeat(250 * 1024))]);
    assert.equal(codeFromAckStatus(ack.status).type, ErrorCode.MESSAGE_SIZE_LIMIT);
  });

  test('body and ext each under 5 KB but together over it are refused', async () => {
    const ack = await send(textBody('y'.repeat(3000)), [stringExt('k', 'z'.repeat(3000))]);
    assert.equal(codeFromAckStatus(ack.status).type, ErrorCode.MESSAGE_SIZE_LIMIT);
  });

  test('a message with a modest ext is accepted', async () => {
    const ack = await send(textBody('hello'), [stringExt('k', 'v'.repeat(1000))]);
    assert.equal(ack.status?.errorCode ?? 0, StatusCode.OK);
  });

  test('an ext key longer than the bound is refused with -3', async () => {
    const ack = await send(textBody('hello', [stringExt('k'.repeat(200), 'v')]));
    assert.equal(codeFromAckStatus(ack.status).type, ErrorCode.REQUEST_PARAMETER_ERROR);
  });

  test('a receiver name longer than the bound is refused with -3 (not echoed in a 204)', async () => {
    const ack = await send(textBody('hello'), undefined, 'r'.repeat(4000));
    assert.equal(codeFromAckStatus(ack.status).type, ErrorCode.REQUEST_PARAMETER_ERROR);
    assert.ok((ack.status?.reason ?? '').length < 200);
  });

  test('bob received only the accepted message', async () => {
    const { texts } = await bob.receive('alice');
    assert.deepEqual(texts, ['hello']);
  });

  test('a PROVISION with a 10 KB resource is refused (-3) and the socket closes', async () => {
    const c = await RawClient.connect(env.wsUrl, env.appKey, 'alice');
    const answer = await c.provision(await login(env, 'alice'), 'r'.repeat(10_000));
    assert.equal(codeFromProvisionStatus(answer.status).type, ErrorCode.REQUEST_PARAMETER_ERROR);
    await new Promise((resolve) => (c.closed ? resolve(undefined) : c.ws.once('close', resolve)));
  });

  test('a resource at the bound logs in', async () => {
    const { client, answer } = await RawClient.login(
      env.wsUrl,
      env.appKey,
      'alice',
      await login(env, 'alice'),
      'r'.repeat(128),
    );
    assert.equal(answer.status?.errorCode ?? 0, StatusCode.OK);
    await client.close();
  });
});
