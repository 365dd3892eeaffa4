// The groups a user is in (SDK getJoinedGroups, getJoinedGroupsCount; app server GET
// /users/{u}/joined_chatgroups), newest join first, each with the user's role and the member count.
import type { MucRecord, MucRole } from '../ports/mucs.js';
import type { GroupDeps } from './group-deps.js';

export interface JoinedPage {
  items: (MucRecord & { role: MucRole })[];
  total: number;
}

export const joinedGroups = (
  deps: GroupDeps,
  appId: number,
  username: string,
  offset: number,
  limit: number,
): Promise<JoinedPage> => deps.mucs.joinedBy(appId, deps.kind ?? 'group', username, offset, limit);

export const joinedGroupCount = (deps: GroupDeps, appId: number, username: string): Promise<number> =>
  deps.mucs.joinedCount(appId, deps.kind ?? 'group', username);
