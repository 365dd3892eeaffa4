// The one-to-one conversation: one log, and each side's queue of it named after the other (a user
// queue's id is the peer's name, see messages/queue-ids.ts).
import type { ConversationTarget } from '../ports/storage.js';

/** A 1:1 conversation: one log, seen by each side as a queue named after the other. */
export function directConversation(a: string, b: string): ConversationTarget {
  const [x, y] = a < b ? [a, b] : [b, a];
  return {
    key: `u:${x}:${y}`,
    members:
      a === b
        ? [{ owner: a, queue: a }]
        : [
            { owner: a, queue: b },
            { owner: b, queue: a },
          ],
  };
}
