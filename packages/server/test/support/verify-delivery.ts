// After a storm: a brand-new device of each receiver drains everything and we compare with what was
// acknowledged to the senders.
import assert from 'node:assert/strict';
import { Domain, msync, u64ToString } from '@confab/protocol';
import { RawClient } from './raw-client.js';
import type { SentRecord } from './resending-sender.js';

/** What a new device of `user` drains from `queue` (a group's with `domain` conference), with senders. */
export async function drainQueue(
  wsUrl: string,
  appKey: string,
  user: string,
  token: string,
  queue: string,
  domain: string = Domain.USER,
) {
  const { client } = await RawClient.login(
    wsUrl,
    appKey,
    user,
    token,
    `verify-${Math.random().toString(36).slice(2)}`,
  );
  try {
    const { metas } = await client.drain(queue, domain);
    return metas.map((m) => {
      const body = msync.MessageBody.decode(m.payload!);
      return {
        serverId: u64ToString(m.id),
        text: body.contents?.[0]?.text ?? '',
        from: body.from?.name ?? '',
      };
    });
  } finally {
    await client.close();
  }
}

/** Every acknowledged message exactly once, nothing else, in the order it was sent. */
export function assertExactlyOnceInOrder(
  received: { serverId: string; text: string }[],
  acked: SentRecord[],
): void {
  const texts = received.map((r) => r.text);
  assert.equal(new Set(texts).size, texts.length, 'a message was delivered twice');
  assert.equal(
    new Set(received.map((r) => r.serverId)).size,
    received.length,
    'a server id was delivered twice',
  );
  const byText = new Map(received.map((r) => [r.text, r.serverId]));
  for (const a of acked) {
    assert.equal(
      byText.get(a.text),
      a.serverId,
      `acknowledged ${a.text} (${a.serverId}) missing or with another id`,
    );
  }
  // Anything beyond the acknowledged ones can only be a message whose ACK was lost in the crash: it must
  // be the one in flight (the sender resent it until acknowledged, so it is in `acked` too).
  assert.equal(received.length, acked.length, 'unacknowledged extra messages were delivered');
  assert.deepEqual(
    texts,
    acked.map((a) => a.text),
    'per-conversation order differs from send order',
  );
}
