import {
  compareSessionEntries,
  type SessionDirectory,
  type SessionEntry,
} from '../../domain/ports/session-directory.js';

/** Sessions by user key, then by `${nodeId}/${connId}`. Share one between directories to model
 * several nodes in one process (tests); a single node needs none. */
export type SessionTable = Map<string, Map<string, SessionEntry>>;

const userKey = (appId: number, username: string) => `${appId}\u0000${username}`;
const fieldOf = (e: SessionEntry) => `${e.nodeId}/${e.connId}`;

/** Single-process directory: a node that dies takes the table with it, so there is no liveness. */
export function inProcessSessionDirectory(options: {
  nodeId: number;
  table?: SessionTable;
}): SessionDirectory {
  const table = options.table ?? new Map<string, Map<string, SessionEntry>>();
  const mine = new Set<SessionEntry>();
  let closed = false;

  const remove = (e: SessionEntry) => {
    const key = userKey(e.appId, e.username);
    const byField = table.get(key);
    const stored = byField?.get(fieldOf(e));
    if (!byField || !stored) return;
    byField.delete(fieldOf(e));
    if (byField.size === 0) table.delete(key);
    mine.delete(stored);
  };

  const whenOpen = <T>(fn: () => T): Promise<T> =>
    new Promise<T>((resolve) => {
      if (closed) throw new Error('session directory: closed');
      resolve(fn());
    });

  return {
    register: (entry) =>
      whenOpen(() => {
        if (entry.nodeId !== options.nodeId) {
          throw new Error(`session directory: entry of node ${entry.nodeId}, not ours`);
        }
        remove(entry);
        const key = userKey(entry.appId, entry.username);
        let byField = table.get(key);
        if (!byField) table.set(key, (byField = new Map<string, SessionEntry>()));
        const copy = { ...entry };
        byField.set(fieldOf(copy), copy);
        mine.add(copy);
      }),
    unregister: (entry) => whenOpen(() => remove(entry)),
    list: (appId, username) =>
      whenOpen(() =>
        [...(table.get(userKey(appId, username))?.values() ?? [])]
          .map((e) => ({ ...e }))
          .sort(compareSessionEntries),
      ),
    refresh: () => whenOpen(() => undefined),
    close() {
      if (!closed) for (const e of [...mine]) remove(e);
      closed = true;
      return Promise.resolve();
    },
  };
}
