// The NOTIFY "presence" frame (msync §4.9): an unsolicited SYNC DL carrying one Meta of namespace NOTIFY
// whose payload is the compact JSON `{"type":"presence","data":{"values":[…]}}`; the official SDK turns
// it into onPresenceStatusChange. Sent on the user's notice queue with isLast, like a kick (§4.5 point 5):
// the client answers with a keyless SYNC of that queue, which only drains what it holds anyway. Presence
// is not stored: a device that is offline reads it with getPresenceStatus.
import { NameSpace, OK_STATUS, frames, toU64 } from '@confab/protocol';
import { queueJid } from '../domain/messages/queue-ids.js';
import type { PresenceNotice } from '../domain/ports/bus.js';
import { NOTICE_QUEUE } from '../domain/mucs/muc-event-delivery.js';

/** The NOTIFY payload: compact JSON (no control bytes, msync §2) of one user's presence for one subscriber. */
export const presencePayload = (value: PresenceNotice['value'], expiry: number): string =>
  JSON.stringify({
    type: 'presence',
    data: {
      values: [{ uid: value.uid, last_time: value.last_time, expiry, ext: value.ext, status: value.status }],
    },
  });

export function presenceFrame(appKey: string, publisher: string, payload: string, id: bigint): Uint8Array {
  return frames.syncDL({
    status: OK_STATUS,
    queue: queueJid(appKey, NOTICE_QUEUE),
    isLast: true,
    metas: [
      {
        id: toU64(id),
        from: queueJid(appKey, publisher),
        ns: NameSpace.NOTIFY,
        payload: new TextEncoder().encode(payload),
      },
    ],
  });
}
