// The isLast answer and the NOTICE of a queue are the same bytes every time (they carry only the queue's
// JID), and every message delivered by push ends with an isLast: encoded once per queue, not per message.
import { OK_STATUS, frames } from '@confab/protocol';
import { queueJid } from '../domain/messages/queue-ids.js';

/** Queues whose frames are kept (two small buffers each); the oldest is dropped beyond this. */
const CACHED_QUEUES = 50_000;
const cache = new Map<string, { last: Uint8Array; notice: Uint8Array }>();

function framesOf(appKey: string, queue: string) {
  // The queue id carries its kind, so the same name in two kinds gets two entries.
  const key = `${appKey}\u0000${queue}`;
  let f = cache.get(key);
  if (!f) {
    const jid = queueJid(appKey, queue);
    f = {
      last: frames.syncDL({ status: OK_STATUS, queue: jid, isLast: true }),
      notice: frames.notice({ queue: jid }),
    };
    if (cache.size >= CACHED_QUEUES) cache.delete(cache.keys().next().value!);
    cache.set(key, f);
  }
  return f;
}

/** SYNC DL {queue, isLast}: the end of a drain. */
export const isLastFrame = (appKey: string, queue: string): Uint8Array => framesOf(appKey, queue).last;
/** NOTICE {queue}: the device should SYNC it. */
export const noticeFrame = (appKey: string, queue: string): Uint8Array => framesOf(appKey, queue).notice;
