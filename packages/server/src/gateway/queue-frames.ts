// The isLast answer and the NOTICE of a queue are the same bytes every time (they carry only the queue's
// JID), and every message delivered by push ends with an isLast: encoded once per queue, not per message.
import { OK_STATUS, frames, type Jid } from '@confab/protocol';

/** Queues whose frames are kept (two small buffers each); the oldest is dropped beyond this. */
const CACHED_QUEUES = 50_000;
const cache = new Map<string, { last: Uint8Array; notice: Uint8Array }>();

function framesOf(queue: Jid) {
  const key = `${queue.appKey ?? ''}\u0000${queue.name ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    f = {
      last: frames.syncDL({ status: OK_STATUS, queue, isLast: true }),
      notice: frames.notice({ queue }),
    };
    if (cache.size >= CACHED_QUEUES) cache.delete(cache.keys().next().value!);
    cache.set(key, f);
  }
  return f;
}

/** SYNC DL {queue, isLast}: the end of a drain. */
export const isLastFrame = (queue: Jid): Uint8Array => framesOf(queue).last;
/** NOTICE {queue}: the device should SYNC it. */
export const noticeFrame = (queue: Jid): Uint8Array => framesOf(queue).notice;
