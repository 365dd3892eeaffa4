// A group's messages are stored once, in the group's log (conversation and queue `g:<id>`), and every
// member's devices drain that one log from their own cursors. A new entry costs one bus event, not one per
// member: each node wakes its own sessions of the members (gateway/group-sessions.ts). Membership changes
// travel as bus events too, so the nodes' member indexes stay right. Both are hints: lost, they only delay
// (the next UNREAD heartbeat or sync finds the entries in the store).
import type { Bus, GroupHint, MembershipChanged } from '../ports/bus.js';
import { mucConversationKey, type MucKind } from '../ports/mucs.js';
import type { ConversationTarget } from '../ports/storage.js';

/** The group's queue id, also its conversation key: `g:<groupId>`. */
export const groupQueue = (groupId: string): string => mucConversationKey('group', groupId);

/**
 * Where a group entry is appended: the group's log with no member rows (the MucStore writes those with the
 * membership), so the append is one message write whatever the group's size.
 */
export const groupTarget = (groupId: string): ConversationTarget => ({
  key: groupQueue(groupId),
  members: [],
});

export interface GroupEntry {
  appId: number;
  groupId: string;
  /** The device that caused the entry: not woken (its user's other devices are). Absent for the server. */
  except?: { username: string; resource: string } | undefined;
  /** The entry's position in the group's log and its committed bytes, for the push fast path. */
  seq?: bigint | undefined;
  entry?: Uint8Array | undefined;
}

/** The one bus event of a new entry in a group's log. */
export function groupHint(e: GroupEntry): GroupHint {
  const hint: GroupHint = { kind: 'group', appId: e.appId, queue: groupQueue(e.groupId) };
  if (e.except) hint.except = { username: e.except.username, resource: e.except.resource };
  if (e.seq !== undefined) hint.seq = e.seq.toString();
  if (e.entry !== undefined) hint.entry = e.entry;
  return hint;
}

/**
 * Wakes every online device of the group's members, on every node, with one bus event: for messages,
 * recalls, edits and group-wide events alike. Call it after the entry is committed (and after the sender's
 * ACK, if there is one); a bus error is reported to `onError`, never thrown (it only delays).
 */
export async function publishGroupEntry(
  bus: Bus,
  e: GroupEntry,
  onError: (err: unknown) => void,
): Promise<void> {
  await bus.publish(groupHint(e)).catch(onError);
}

export interface MembershipChange {
  appId: number;
  /** 'group' unless told: a chat room's changes travel the same way, on queue `r:<id>`. */
  kind?: MucKind;
  groupId: string;
  added?: readonly string[];
  removed?: readonly string[];
  /** The group was destroyed. */
  destroyed?: boolean;
}

/**
 * Tells every node that the group's members changed, so their member indexes follow. Call it after the
 * change is committed: joins, invitations accepted, members added or removed, leaves, blocks, destroy.
 */
export async function publishMembershipChanged(
  bus: Bus,
  change: MembershipChange,
  onError: (err: unknown) => void,
): Promise<void> {
  const event: MembershipChanged = {
    kind: 'membership',
    appId: change.appId,
    queue: mucConversationKey(change.kind ?? 'group', change.groupId),
  };
  if (change.added?.length) event.added = [...change.added];
  if (change.removed?.length) event.removed = [...change.removed];
  if (change.destroyed) event.destroyed = true;
  await bus.publish(event).catch(onError);
}
