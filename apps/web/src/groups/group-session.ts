// The groups side of one logged-in user: the joined groups (names and roles for the list), creating a
// group, adding and removing members, admins, leaving and deleting, invitations, and `onGroupEvent` turned
// into store updates and system lines in the group's conversation. The server does not tell the acting
// device about its own actions, so each action here adds its own line ("You added carol").
import type { Connection, GroupEvent, JoinedGroupInfo } from '@confab/sdk';
import type { ChatStore } from '../chat/chat-store.js';
import { toAppError } from '../chat/error-text.js';
import { conversationKey, type EventLine } from '../chat/model.js';
import { eventText } from './event-text.js';
import { sortMembers, type GroupInfo, type GroupMember } from './group-model.js';
import { GroupStore, type JoinedGroup } from './group-store.js';

/** getJoinedGroups with roles: the server's page size, and how many pages are read at most. */
const JOINED_PAGE = 20;
const MAX_JOINED_PAGES = 50;
/** getGroupMembers: page size and pages read at most. */
const MEMBER_PAGE = 50;
const MAX_MEMBER_PAGES = 20;

/** Events that make a group known here (the user is in it, or asked to be). */
const JOINING = new Set(['create', 'directJoined', 'acceptRequest', 'inviteToJoin']);
/** Events after which a loaded member list is read again. */
const MEMBERSHIP = new Set(['memberPresence', 'membersPresence', 'memberAbsence', 'membersAbsence']);
/** Events after which the members are read again in any case (the user's own role may have changed). */
const ROLES = new Set(['setAdmin', 'removeAdmin', 'changeOwner']);

const names = (users: readonly string[]) =>
  users.length <= 1 ? (users[0] ?? '') : `${users.slice(0, -1).join(', ')} and ${users[users.length - 1]}`;

let nextLine = 1;

export class GroupSession {
  readonly store: GroupStore;
  private refreshing = false;
  private refreshAgain = false;

  constructor(
    private readonly conn: Connection,
    private readonly chats: ChatStore,
    appKey: string,
    private readonly me: string,
    private readonly closed: () => boolean,
  ) {
    this.store = new GroupStore(appKey, me);
  }

  /** Reads every joined group with the user's role and member count; each gets a conversation. */
  async refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    try {
      do {
        this.refreshAgain = false;
        const askedAt = Date.now();
        const joined: JoinedGroup[] = [];
        let complete = false;
        for (let page = 0; page < MAX_JOINED_PAGES && !this.closed(); page++) {
          const r = await this.conn.getJoinedGroups({
            pageNum: page,
            pageSize: JOINED_PAGE,
            needAffiliations: true,
            needRole: true,
          });
          // With needRole the answer is the reshaped list (the SDK's union type cannot tell which).
          const entities = (r as { entities?: JoinedGroupInfo[] }).entities ?? [];
          for (const g of entities)
            joined.push({
              id: g.groupId,
              name: g.groupName,
              ...(g.role ? { role: g.role } : {}),
              ...(g.affiliationsCount !== undefined ? { memberCount: g.affiliationsCount } : {}),
              allowInvites: g.allowInvites,
            });
          if (entities.length < JOINED_PAGE) {
            complete = true;
            break;
          }
        }
        if (this.closed()) return;
        this.store.mergeJoined(joined, complete, askedAt);
        for (const g of joined) this.chats.addConversation('groupChat', g.id, 0);
      } while (this.refreshAgain && !this.closed());
    } catch (err) {
      if (!this.closed()) this.chats.reportError(toAppError(err, 'Loading your groups'));
    } finally {
      this.refreshing = false;
    }
  }

  /** Creates a group owned by the user with `members` in it at once; resolves its id (undefined: failed). */
  async create(name: string, members: readonly string[]): Promise<string | undefined> {
    try {
      const { data } = await this.conn.createGroupVNext({
        groupName: name,
        members: [...members],
        inviteNeedConfirm: false,
      });
      const id = data.groupId;
      this.store.patch(id, { name, role: 'owner', memberCount: 1 + members.length, allowInvites: true });
      this.chats.addConversation('groupChat', id, Date.now());
      this.line(id, 'You created the group');
      if (members.length > 0) this.line(id, `You added ${names(members)}`);
      return id;
    } catch (err) {
      this.chats.reportError(toAppError(err, `Creating the group ${name}`));
      return undefined;
    }
  }

  /** Adds members (an invitation that needs no answer joins them at once). Resolves false on failure. */
  async addMembers(id: string, users: readonly string[]): Promise<boolean> {
    try {
      await this.conn.inviteUsersToGroup({ groupId: id, users: [...users] });
      this.line(id, `You added ${names(users)}`);
      await this.loadMembers(id);
      return true;
    } catch (err) {
      this.chats.reportError(toAppError(err, `Adding ${names(users)}`));
      return false;
    }
  }

  /** Reads the whole member list with roles (and the user's own role from it). */
  async loadMembers(id: string): Promise<readonly GroupMember[] | undefined> {
    try {
      const members: GroupMember[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_MEMBER_PAGES && !this.closed(); page++) {
        const { data } = await this.conn.getGroupMembers({
          groupId: id,
          limit: MEMBER_PAGE,
          ...(cursor ? { cursor } : {}),
        });
        for (const m of data.members) members.push({ userId: m.userId, role: m.role });
        cursor = data.cursor;
        if (!cursor || data.members.length === 0) break;
      }
      const sorted = sortMembers(members);
      const mine = sorted.find((m) => m.userId === this.me)?.role;
      this.store.patch(id, { members: sorted, memberCount: sorted.length, ...(mine ? { role: mine } : {}) });
      return sorted;
    } catch (err) {
      if (!this.closed()) this.chats.reportError(toAppError(err, 'Loading the members'));
      return undefined;
    }
  }

  async setAdmin(id: string, user: string, admin: boolean): Promise<void> {
    try {
      if (admin) await this.conn.setGroupAdmin({ groupId: id, username: user });
      else await this.conn.removeGroupAdmin({ groupId: id, username: user });
      this.line(id, admin ? `${user} is now an admin` : `${user} is no longer an admin`);
      await this.loadMembers(id);
    } catch (err) {
      this.chats.reportError(
        toAppError(err, admin ? `Making ${user} an admin` : `Removing ${user} as admin`),
      );
    }
  }

  async removeMember(id: string, user: string): Promise<void> {
    try {
      await this.conn.removeGroupMember({ groupId: id, username: user });
      this.line(id, `${user} was removed`);
      await this.loadMembers(id);
    } catch (err) {
      this.chats.reportError(toAppError(err, `Removing ${user} from the group`));
    }
  }

  /** Leaves the group: its conversation goes from this device. Resolves false on failure. */
  async leave(id: string): Promise<boolean> {
    try {
      await this.conn.leaveGroup({ groupId: id });
      this.forget(id);
      return true;
    } catch (err) {
      this.chats.reportError(toAppError(err, 'Leaving the group'));
      return false;
    }
  }

  /** Deletes the group for everyone (owner only). Resolves false on failure. */
  async destroy(id: string): Promise<boolean> {
    try {
      await this.conn.destroyGroup({ groupId: id });
      this.forget(id);
      return true;
    } catch (err) {
      this.chats.reportError(toAppError(err, 'Deleting the group'));
      return false;
    }
  }

  /** Answers an invitation that needs one. */
  async answerInvite(id: string, accept: boolean): Promise<void> {
    try {
      if (accept) {
        await this.conn.acceptGroupInvite({ groupId: id, invitee: this.me });
        this.store.patch(id, { role: 'member', invitedBy: undefined, gone: undefined });
        this.line(id, 'You joined');
        void this.refresh();
      } else {
        await this.conn.rejectGroupInvite({ groupId: id, invitee: this.me });
        this.forget(id);
      }
    } catch (err) {
      this.chats.reportError(
        toAppError(err, accept ? 'Accepting the invitation' : 'Declining the invitation'),
      );
    }
  }

  /** A group event: the group's state here, and a line in its conversation. */
  onEvent(e: GroupEvent): void {
    const id = e.id;
    const known = this.store.getSnapshot()[id];
    if (!known && !JOINING.has(e.operation)) return; // not a group of this user's (or forgotten)
    const patch: Partial<GroupInfo> = {};
    switch (e.operation) {
      case 'create':
        Object.assign(patch, { role: 'owner', gone: undefined });
        void this.refresh(); // the event has no name
        break;
      case 'directJoined':
        Object.assign(patch, { name: e.name ?? '', role: 'member', gone: undefined, invitedBy: undefined });
        void this.refresh(); // member count and whether members may add members
        break;
      case 'acceptRequest':
        Object.assign(patch, { role: 'member', gone: undefined });
        void this.refresh();
        break;
      case 'inviteToJoin':
        if (known?.role) return; // already in it
        Object.assign(patch, { name: e.name ?? '', invitedBy: e.from ?? '' });
        break;
      case 'removeMember':
        Object.assign(patch, { gone: 'removed', members: undefined });
        break;
      case 'destroy':
        Object.assign(patch, { gone: 'destroyed', members: undefined });
        break;
      case 'updateInfo':
        if (e.detail?.name !== undefined) patch.name = e.detail.name;
        break;
      case 'setAdmin':
        if (e.userId === this.me) patch.role = 'admin';
        break;
      default:
        break;
    }
    if (e.memberCount !== undefined) patch.memberCount = e.memberCount;
    this.store.patch(id, patch);
    if (JOINING.has(e.operation)) this.chats.addConversation('groupChat', id, Date.now());
    const text = eventText(e, this.me);
    const line = text === undefined ? undefined : this.line(id, text, e.from);
    if (ROLES.has(e.operation) || (MEMBERSHIP.has(e.operation) && known?.members))
      void this.afterRoleChange(id, e, known?.members, line);
  }

  /**
   * Reads the members again after a membership or role change; for the events that do not say whom they
   * concern (removeAdmin, changeOwner) the line is made precise from the difference.
   */
  private async afterRoleChange(
    id: string,
    e: GroupEvent,
    before: readonly GroupMember[] | undefined,
    line: EventLine | undefined,
  ): Promise<void> {
    const after = await this.loadMembers(id);
    if (!after || !before || !line) return;
    const roleOf = (list: readonly GroupMember[], user: string) => list.find((m) => m.userId === user)?.role;
    const changed = (role: 'admin' | 'owner', gained: boolean) =>
      (gained ? after : before)
        .filter((m) => m.role === role && roleOf(gained ? before : after, m.userId) !== role)
        .map((m) => (m.userId === this.me ? 'You' : m.userId));
    let text: string | undefined;
    if (e.operation === 'removeAdmin') {
      const lost = changed('admin', false);
      if (lost.length > 0) text = `${names(lost)} ${lost[0] === 'You' ? 'are' : 'is'} no longer an admin`;
    } else if (e.operation === 'changeOwner') {
      const owner = changed('owner', true);
      if (owner.length > 0) text = `${names(owner)} ${owner[0] === 'You' ? 'are' : 'is'} now the owner`;
    }
    if (text) this.chats.updateMessage(conversationKey('groupChat', id), line.id, { text });
  }

  /** Adds a system line to the group's conversation (never unread). */
  private line(id: string, text: string, from = this.me): EventLine {
    const time = Date.now();
    const message: EventLine = {
      ...{ type: 'event', id: `event-${time}-${nextLine++}`, chatType: 'groupChat', from, to: id },
      ...{ time, direction: 'in', readAckSent: true, text },
    };
    this.chats.addMessages(
      [{ key: conversationKey('groupChat', id), chatType: 'groupChat', peer: id, message }],
      () => false,
    );
    return message;
  }

  /** The user is out of the group by their own action: it goes from this device. */
  private forget(id: string): void {
    this.chats.removeConversation(conversationKey('groupChat', id));
    this.store.remove(id);
  }
}
