// Message reactions: which users added which reaction (an emoji or any id the app picks) to a message.
// One row per (message, reaction, user); the order rows were added is kept, so the first users of a
// reaction and a message's reactions come back in the order they were added. Keyed by app and server id.

/** One reaction of a message as a viewer sees it. */
export interface ReactionSummary {
  messageId: bigint;
  reaction: string;
  /** Users who added it. */
  count: number;
  /** The first users who added it (at most the `sample` asked for), in the order they did. */
  users: string[];
  /** Whether the viewer is among them. */
  addedBySelf: boolean;
}

/** What an add did: `added`, or nothing because the user had it (`already`) or the message is full (`limit`). */
export type ReactionAddOutcome = 'added' | 'already' | 'limit';

export interface ReactionStore {
  /**
   * Adds `username`'s `reaction` to the message, atomically with the checks: one add of a message at a
   * time, so concurrent adds lose no count and a message never has more than `maxDistinct` reactions.
   */
  add(
    appId: number,
    messageId: bigint,
    reaction: string,
    username: string,
    at: number,
    maxDistinct: number,
  ): Promise<ReactionAddOutcome>;
  /** Takes `username`'s `reaction` off the message; false when the user had not added it. */
  remove(appId: number, messageId: bigint, reaction: string, username: string): Promise<boolean>;
  /**
   * The reactions of the messages, by message (in the order asked) then in the order each reaction was
   * first added; messages without any are left out.
   */
  summaries(
    appId: number,
    messageIds: readonly bigint[],
    viewer: string,
    sample: number,
  ): Promise<ReactionSummary[]>;
  /** Users who added `reaction` to the message, in the order they did: `limit` of them after `offset`. */
  users(appId: number, messageId: bigint, reaction: string, offset: number, limit: number): Promise<string[]>;
}
