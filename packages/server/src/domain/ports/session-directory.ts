// Where every live session of the cluster is: which node holds which device of a user. Used for
// cluster-wide decisions (multi-device login policy, kicks, presence). Fan-out itself stays on the Bus.

export interface SessionEntry {
  appId: number;
  username: string;
  resource: string;
  /** The node that holds the socket (Config.nodeId). */
  nodeId: number;
  /** Unique on its node for the node's lifetime. */
  connId: string;
  /** Epoch ms when the session logged in. */
  since: number;
}

export interface SessionDirectory {
  /** Adds or replaces (same nodeId + connId) a session of this node; `entry.nodeId` must be this node. */
  register(entry: SessionEntry): Promise<void>;
  /** Removes the session with this nodeId + connId; unknown entries are ignored. */
  unregister(entry: SessionEntry): Promise<void>;
  /** Live sessions of the user on every node, oldest first (`since`, then nodeId, then connId).
   * Sessions of a node that stopped heart-beating (crashed, cut off) disappear within its liveness TTL. */
  list(appId: number, username: string): Promise<SessionEntry[]>;
  /** Heartbeat of this node's entries (adapters also run it on a timer). */
  refresh(): Promise<void>;
  /** Withdraws this node's sessions and stops the heartbeat. Idempotent. */
  close(): Promise<void>;
}

/** Oldest first; ties broken by node, then connection, so every node sees the same order. */
export const compareSessionEntries = (a: SessionEntry, b: SessionEntry): number =>
  a.since - b.since || a.nodeId - b.nodeId || (a.connId < b.connId ? -1 : a.connId > b.connId ? 1 : 0);
