// Builders for the envelopes the server sends and the SDK sends, so both sides agree byte for byte.
import { msync } from './msync-codec.js';
import { Command, StatusCode } from './msync-enums.js';
import type { CommNotice, CommSyncDL, CommSyncUL, CommUnreadDL, MSync, Provision } from './msync-types.js';

/** Wraps a payload in an MSync envelope and serializes it: one WebSocket binary frame. */
export function frame(
  command: Command,
  payload?: Uint8Array,
  extra: Omit<MSync, 'command' | 'payload'> = {},
): Uint8Array {
  const envelope: MSync = { ...extra, command };
  if (payload !== undefined) envelope.payload = payload;
  return msync.MSync.encode(envelope);
}

export const frames = {
  provision: (p: Provision, extra?: Omit<MSync, 'command' | 'payload'>) =>
    frame(Command.PROVISION, msync.Provision.encode(p), extra),
  syncUL: (ul: CommSyncUL) => frame(Command.SYNC, msync.CommSyncUL.encode(ul)),
  syncDL: (dl: CommSyncDL) => frame(Command.SYNC, msync.CommSyncDL.encode(dl)),
  notice: (n: CommNotice) => frame(Command.NOTICE, msync.CommNotice.encode(n)),
  unreadDL: (u: CommUnreadDL) => frame(Command.UNREAD, msync.CommUnreadDL.encode(u)),
  /** The UNREAD request (login and heartbeat) has no payload. */
  unreadUL: () => frame(Command.UNREAD),
} as const;

export const OK_STATUS = Object.freeze({ errorCode: StatusCode.OK });
