// The client's view of the groups the user is in: names for the conversation list, the user's own
// role (what the member panel offers), and the member list once it has been loaded.

export type GroupRole = 'owner' | 'admin' | 'member';

export interface GroupMember {
  userId: string;
  role: GroupRole;
}

export interface GroupInfo {
  id: string;
  /** The group's name ('' until known: the id is shown then). */
  name: string;
  /** The user's own role, when known. */
  role?: GroupRole;
  memberCount?: number;
  /** Members may add members too (owner and admins always may). */
  allowInvites?: boolean;
  /** Who invited the user, while the invitation waits for an answer. */
  invitedBy?: string;
  /** The member list, owner first, then admins, then members (loaded when the panel opens). */
  members?: readonly GroupMember[];
  /** Why the user can no longer chat in it; the conversation and its history stay until deleted. */
  gone?: 'removed' | 'destroyed';
  /** When this device last heard of the group (ms): a list asked for earlier cannot mark it gone. */
  heardAt?: number;
}

const RANK: Record<GroupRole, number> = { owner: 0, admin: 1, member: 2 };

/** Owner, then admins, then members; alphabetical within each. */
export function sortMembers(members: readonly GroupMember[]): GroupMember[] {
  return [...members].sort((a, b) => RANK[a.role] - RANK[b.role] || a.userId.localeCompare(b.userId));
}

export const roleLabel: Record<GroupRole, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' };

/** The name a group is shown by. */
export function groupName(groups: Readonly<Record<string, GroupInfo>>, id: string): string {
  return groups[id]?.name || id;
}
