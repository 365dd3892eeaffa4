// The REST JSON message both ways: what the server renders from a stored Meta is what the SDK reads back.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { msync, toU64 } from './msync-codec.js';
import { ContentType, MessageType, ValueType } from './msync-enums.js';
import { messageFromRestJson, restMessageJson } from './rest-message-json.js';

const metaOf = (body: Parameters<typeof msync.MessageBody.encode>[0]) =>
  msync.Meta.encode({
    id: toU64('1234567890123456789'),
    timestamp: toU64(1_700_000_000_000),
    payload: msync.MessageBody.encode(body),
  });

describe('REST JSON message', () => {
  test('a text message with ext and an edit, rendered and read back', () => {
    const json = restMessageJson(
      metaOf({
        type: MessageType.CHAT,
        from: { name: 'alice' },
        to: { name: 'bob' },
        contents: [{ type: ContentType.TEXT, text: 'hi' }],
        ext: [{ key: 'k', type: ValueType.STRING, stringValue: 'v' }],
        meta: JSON.stringify({ edit_msg: { edit_time: 5, operator: 'alice', count: 1 } }),
      }),
    );
    assert.deepEqual([json.id, json.timestamp, json.to], ['1234567890123456789', 1_700_000_000_000, 'bob']);
    assert.equal(typeof json.payload, 'string');
    assert.deepEqual(messageFromRestJson(json), {
      id: '1234567890123456789',
      type: 'txt',
      chatType: 'singleChat',
      from: 'alice',
      to: 'bob',
      time: 1_700_000_000_000,
      ext: { k: 'v' },
      modifiedInfo: { operationTime: 5, operatorId: 'alice', operationCount: 1 },
      msg: 'hi',
    });
  });

  test('an image keeps its URL, secret and size', () => {
    const json = restMessageJson(
      metaOf({
        type: MessageType.CHAT,
        from: { name: 'alice' },
        to: { name: 'bob' },
        contents: [
          {
            type: ContentType.IMAGE,
            remotePath: 'https://h/f',
            secretKey: 's',
            size: { width: 3, height: 4 },
          },
        ],
      }),
    );
    const m = messageFromRestJson(json)!;
    assert.deepEqual(
      [m['type'], m['url'], m['secret'], m['width'], m['height']],
      ['img', 'https://h/f', 's', 3, 4],
    );
  });
});
