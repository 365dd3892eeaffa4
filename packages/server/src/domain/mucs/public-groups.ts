// Listing groups by id with an opaque cursor: public ones for users (SDK getPublicGroups), every one for
// the app server (GET /chatgroups).
import type { MucPage, MucRecord } from '../ports/mucs.js';
import type { GroupDeps } from './group-deps.js';

export const listGroups = (
  deps: GroupDeps,
  appId: number,
  opts: { publicOnly: boolean; limit: number; cursor?: string | undefined },
): Promise<MucPage<MucRecord>> =>
  deps.mucs.list(appId, deps.kind ?? 'group', {
    publicOnly: opts.publicOnly,
    limit: opts.limit,
    ...(opts.cursor === undefined ? {} : { cursor: opts.cursor }),
  });
