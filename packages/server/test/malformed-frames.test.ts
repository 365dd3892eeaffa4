// Frames the server cannot decode are the client's mistake: the socket closes with 1002 (protocol error)
// and a one-line debug record, never 1011 with an error stack, whichever layer fails to decode.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { CloseCode, Command, StatusCode, frame } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import pino from 'pino';
import { RawClient } from './support/raw-client.js';
import { login, register } from './support/rest.js';

/** Bytes no protobuf message decodes (a varint that never ends). */
const GARBAGE = new Uint8Array([0xff, 0xff, 0xff]);

describe('malformed frames', () => {
  let env: TestServer;
  let token = '';
  const records: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) records.push(JSON.parse(line));
      done();
    },
  });

  before(async () => {
    env = await startTestServer({ logger: pino({ level: 'debug' }, sink) });
    await register(env, 'alice');
    token = await login(env, 'alice');
  });
  after(() => env.close());

  const closed = (c: RawClient) =>
    new Promise<number>((resolve) => (c.closed ? resolve(c.closeCode!) : c.ws.once('close', resolve)));

  /** The debug record of this refusal, and proof that nothing was logged as an error. */
  const loggedAsDebug = (what: string) => {
    const mine = records.filter((r) => r.msg === `malformed ${what}: closing`);
    assert.equal(mine.length, 1, `one debug record for ${what}`);
    assert.equal(mine[0]!.level, 20);
    assert.deepEqual(
      records.filter((r) => r.level >= 50),
      [],
      'no error records',
    );
    records.length = 0;
  };

  test('a PROVISION whose payload does not decode closes with 1002', async () => {
    const c = await RawClient.connect(env.wsUrl, env.appKey, 'alice');
    c.ws.send(frame(Command.PROVISION, GARBAGE));
    assert.equal(await closed(c), CloseCode.PROTOCOL_ERROR);
    loggedAsDebug('PROVISION');
  });

  test('a SYNC whose payload does not decode closes a live session with 1002', async () => {
    const { client, answer } = await RawClient.login(env.wsUrl, env.appKey, 'alice', token, 'res-m');
    assert.equal(answer.status?.errorCode, StatusCode.OK);
    client.ws.send(frame(Command.SYNC, GARBAGE));
    assert.equal(await closed(client), CloseCode.PROTOCOL_ERROR);
    loggedAsDebug('SYNC');
  });

  test('an envelope that does not decode closes with 1002', async () => {
    const c = await RawClient.connect(env.wsUrl, env.appKey, 'alice');
    c.ws.send(GARBAGE);
    assert.equal(await closed(c), CloseCode.PROTOCOL_ERROR);
    loggedAsDebug('frame');
  });

  test('a text frame closes with 1003', async () => {
    const c = await RawClient.connect(env.wsUrl, env.appKey, 'alice');
    c.ws.send('hello');
    assert.equal(await closed(c), CloseCode.UNSUPPORTED_DATA);
    records.length = 0;
  });
});
