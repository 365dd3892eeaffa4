// Reactions of the messages this session has seen, by message id, as immutable snapshots for
// useSyncExternalStore. In memory only: history brings them back, onReactionChange keeps them live.
export interface MessageReaction {
  reaction: string;
  count: number;
  /** The first users who reacted (the server lists a few). */
  users: readonly string[];
  /** This user added it. */
  mine: boolean;
}

export type ReactionsState = Readonly<Record<string, readonly MessageReaction[]>>;

export class ReactionStore {
  private state: ReactionsState = {};
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ReactionsState => this.state;

  /** Replaces the reactions of message `id` (no reaction left: removed). */
  set(id: string, reactions: readonly MessageReaction[]): void {
    const rest = { ...this.state };
    delete rest[id];
    const live = reactions.filter((r) => r.count > 0);
    this.state = live.length > 0 ? { ...rest, [id]: live } : rest;
    for (const listener of this.listeners) listener();
  }
}
