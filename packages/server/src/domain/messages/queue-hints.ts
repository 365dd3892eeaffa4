// The wake-ups a committed conversation entry causes: one per member's queue, the sending device
// excepted (it has its own message). Send, recall and edit all publish these.
import type { QueueHint } from '../ports/bus.js';
import type { ConversationTarget } from '../ports/storage.js';

/**
 * One hint per member's queue. `seq` and `entry` (the position and the encoded Meta as committed) let
 * sessions of devices that are up to date push the entry; without them every session sends a NOTICE.
 */
export function queueHints(
  appId: number,
  target: ConversationTarget,
  origin: { username: string; resource: string },
  seq?: string,
  entry?: Uint8Array,
): QueueHint[] {
  return target.members.map((m) => {
    const hint: QueueHint = { kind: 'queue', appId, owner: m.owner, queue: m.queue };
    if (seq !== undefined) hint.seq = seq;
    if (entry !== undefined) hint.entry = entry;
    if (m.owner === origin.username) hint.exceptResource = origin.resource;
    return hint;
  });
}

/** The sender's own queue of the conversation (its other devices drain the message from there). */
export function ownQueue(target: ConversationTarget, username: string): string {
  for (const m of target.members) if (m.owner === username) return m.queue;
  throw new Error(`${username} is not a member of conversation ${target.key}`);
}
