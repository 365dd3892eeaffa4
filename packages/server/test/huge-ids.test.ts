// Ids ≥ 2^63 (protobuf uint64 allows up to 2^64 − 1, SQLite's INTEGER stops at 2^63 − 1) in every msync
// field the server converts: never a 1011 close or an error stack, but a parameter-error ACK, or for a
// SYNC cursor an answer like for any key past the end.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import {
  CloseCode,
  ContentType,
  Domain,
  ErrorCode,
  MessageType,
  NameSpace,
  StatusCode,
  codeFromAckStatus,
  frames,
  msync,
  u64ToString,
  type MessageBody,
} from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import pino from 'pino';
import { RawClient } from './support/raw-client.js';
import { login, register } from './support/rest.js';

const HUGE = (2n ** 64n - 1n).toString();
const JUST_OVER = (2n ** 63n).toString();

describe('ids >= 2^63 on the socket', () => {
  let env: TestServer;
  let client: RawClient;
  const errors: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        const r = JSON.parse(line) as { level: number; msg: string };
        if (r.level >= 50) errors.push(r.msg);
      }
      done();
    },
  });

  before(async () => {
    env = await startTestServer({ logger: pino({ level: 'info' }, sink) });
    await register(env, 'alice');
    await register(env, 'bob');
    const token = await login(env, 'alice');
    ({ client } = await RawClient.login(env.wsUrl, env.appKey, 'alice', token, 'res-huge'));
  });
  after(async () => {
    await client.close();
    await env.close();
  });

  const sendBody = (body: MessageBody, id: string) =>
    client.sendMeta({
      id,
      to: { appKey: env.appKey, name: 'bob', domain: Domain.USER },
      ns: NameSpace.CHAT,
      payload: msync.MessageBody.encode({ from: { name: 'alice' }, to: { name: 'bob' }, ...body }),
    });

  for (const value of [JUST_OVER, HUGE]) {
    test(`a recall of message ${value} is refused with an ACK`, async () => {
      const ack = await sendBody({ type: MessageType.RECALL, ackMessageId: value }, '900001');
      assert.notEqual(ack.status?.errorCode ?? 0, StatusCode.OK);
      assert.equal(client.closed, false);
    });

    test(`an edit of message ${value} is refused with an ACK`, async () => {
      const ack = await sendBody(
        {
          type: MessageType.EDIT,
          editMessageId: value,
          contents: [{ type: ContentType.TEXT, text: 'edited' }],
        },
        '900002',
      );
      assert.notEqual(ack.status?.errorCode ?? 0, StatusCode.OK);
      assert.equal(client.closed, false);
    });

    test(`a read ack of message ${value} is accepted or refused, never a crash`, async () => {
      const ack = await sendBody({ type: MessageType.READ_ACK, ackMessageId: value }, '900003');
      assert.ok(ack.status, 'an ACK with a status');
      assert.equal(client.closed, false);
    });

    test(`a message whose client id is ${value} is stored and acknowledged`, async () => {
      const ack = await client.sendText('bob', 'hi', value);
      assert.equal(ack.status?.errorCode ?? 0, StatusCode.OK);
      assert.equal(u64ToString(ack.metaId), value);
    });
  }

  test('a parameter error is what the SDK sees for an out-of-range target', async () => {
    const ack = await sendBody({ type: MessageType.RECALL, ackMessageId: HUGE }, '900004');
    // The SDK's parameter error (-3, "Invalid parameter"), never an internal error.
    assert.equal(ack.status?.errorCode, StatusCode.FAIL);
    assert.doesNotMatch(ack.status?.reason ?? '', /internal/);
    assert.equal(codeFromAckStatus(ack.status).type, ErrorCode.REQUEST_PARAMETER_ERROR);
  });

  for (const value of [JUST_OVER, HUGE]) {
    test(`SYNC with key ${value} closes with 1002 (a key we never handed out), not 1011`, async () => {
      const token = await login(env, 'bob');
      const { client: bob } = await RawClient.login(env.wsUrl, env.appKey, 'bob', token, 'res-sync');
      bob.ws.send(
        frames.syncUL({ queue: { appKey: env.appKey, name: 'alice', domain: Domain.USER }, key: value }),
      );
      const code = await new Promise<number>((resolve) =>
        bob.closed ? resolve(bob.closeCode!) : bob.ws.once('close', resolve),
      );
      assert.equal(code, CloseCode.PROTOCOL_ERROR);
    });
  }

  test('the socket was never closed with 1011 and nothing was logged as an error', () => {
    assert.notEqual(client.closeCode, CloseCode.INTERNAL_ERROR);
    assert.equal(client.closed, false);
    assert.deepEqual(errors, []);
  });
});
