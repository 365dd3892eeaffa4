// onGroupEvent -> the system line shown in the group's conversation ("ann joined", "carol is now an
// admin"). Each operation says only what its event carries: a member who leaves and one who is removed
// look the same to the other members (memberAbsence), so both read "… left".
import type { GroupEvent } from '@confab/sdk';

const list = (names: readonly string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** The line for one event, seen by `me`; undefined for events not worth a line. */
export function eventText(e: GroupEvent, me: string): string | undefined {
  const who = (user: string | undefined) => (user === me ? 'You' : user || 'Someone');
  const whom = (user: string | undefined) => (user === me ? 'you' : user || 'someone');
  const by = who(e.from);
  switch (e.operation) {
    case 'create':
      return 'You created the group';
    case 'directJoined':
      return `${by} added you`;
    case 'memberPresence':
      return `${by} joined`;
    case 'membersPresence':
      return `${list(e.members ?? [])} joined`;
    case 'memberAbsence':
      return `${by} left`;
    case 'membersAbsence':
      return `${list(e.members ?? [])} left`;
    case 'removeMember':
      return `${by} removed you from the group`;
    case 'destroy':
      return `${by} deleted the group`;
    case 'setAdmin':
      return e.userId === me ? 'You are now an admin' : `${who(e.userId)} is now an admin`;
    case 'removeAdmin':
      return `${by} changed the admins`;
    case 'changeOwner':
      return `${by} handed the group over to a new owner`;
    case 'updateInfo':
      return e.detail?.name !== undefined
        ? `${by} renamed the group to “${e.detail.name}”`
        : `${by} changed the group’s details`;
    case 'requestToJoin':
      return `${by} asked to join${e.reason ? `: “${e.reason}”` : ''}`;
    case 'acceptRequest':
      return `${by} accepted your request to join`;
    case 'joinPublicGroupDeclined':
      return `${by} declined your request to join`;
    case 'inviteToJoin':
      return `${by} invited you to join ${e.name || 'the group'}`;
    case 'acceptInvite':
      return `${by} accepted your invitation`;
    case 'rejectInvite':
      return `${by} declined your invitation`;
    case 'muteMember':
      return `${who(e.userId)} ${e.userId === me ? 'were' : 'was'} muted`;
    case 'unmuteMember':
      return `${who(e.userId)} can speak again`;
    case 'muteAllMembers':
      return `${by} muted everyone`;
    case 'unmuteAllMembers':
      return `${by} let everyone speak again`;
    case 'updateAnnouncement':
      return `${by} updated the announcement${e.announcement ? `: “${e.announcement}”` : ''}`;
    case 'deleteAnnouncement':
      return `${by} removed the announcement`;
    case 'uploadFile':
      return `${by} shared a file`;
    case 'deleteFile':
      return `${by} deleted a shared file`;
    case 'addUserToAllowlist':
      return `${by} added ${whom(e.userId)} to the allow list`;
    case 'removeAllowlistMember':
      return `${by} removed ${whom(e.userId)} from the allow list`;
    case 'unblockMember':
      return `${by} unblocked you`;
    case 'memberAttributesUpdate':
      return undefined;
  }
}
