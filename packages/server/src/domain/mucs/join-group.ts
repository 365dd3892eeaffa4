// Joining by oneself (SDK joinGroup, POST /chatgroups/{id}/apply) and answering join requests (SDK
// acceptGroupJoinRequest / rejectGroupJoinRequest, POST …/apply_verify). A public open group takes the
// user at once (606 when full); a public group with approval stores a request and tells the owner and
// admins (APPLY); a private group refuses (603). Owner or admin answers: the applicant is told
// (APPLY_ACCEPT / APPLY_DECLINE) and, once in, the members (PRESENCE).
import { MucOperation } from '@confab/protocol';
import type { MucRecord } from '../ports/mucs.js';
import { admitMembers } from './admit-members.js';
import { refuseBlocked } from './block-list.js';
import {
  alreadyJoined,
  badParameter,
  checkJoinedLimit,
  checkLength,
  type GroupDeps,
  requireUsers,
  tell,
} from './group-deps.js';
import { accessMuc, loadMuc, type MucActor, permissionDenied, userActor } from './muc-access.js';

export type JoinOutcome = 'joined' | 'requested';

/** Owner and admins: who answers requests. */
async function approvers(deps: GroupDeps, muc: MucRecord): Promise<string[]> {
  const out: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await deps.mucs.members(muc.appId, muc.id, offset, PAGE);
    for (const m of page) if (m.role !== 'member') out.push(m.username);
    // Members come after the owner and admins: the first page with a plain member ends the list.
    if (page.length < PAGE || page.some((m) => m.role === 'member')) return out;
  }
}
const PAGE = 100;

export async function joinGroup(
  deps: GroupDeps,
  appId: number,
  username: string,
  resource: string | undefined,
  id: string,
  message: string,
): Promise<JoinOutcome> {
  const actor = userActor(username, resource);
  const muc = await loadMuc(deps, appId, id);
  const reason = checkLength('message', message, deps.limits.groupReasonMaxChars);
  if (await deps.mucs.member(appId, id, username)) throw alreadyJoined(username);
  await refuseBlocked(deps.lists, appId, id, [username], deps.clock.now());
  if (!muc.public) throw permissionDenied('a private group is joined by invitation only');
  await checkJoinedLimit(deps, appId, [username]);
  if (!muc.approval) {
    await admitMembers(deps, muc, actor, [username], false);
    return 'joined';
  }
  await deps.mucs.saveRequest(appId, id, { type: 'apply', username, reason, createdAt: deps.clock.now() });
  await tell(deps, muc, actor, MucOperation.APPLY, { users: await approvers(deps, muc) }, { reason });
  return 'requested';
}

export async function answerJoinRequest(
  deps: GroupDeps,
  appId: number,
  actor: MucActor,
  id: string,
  applicant: string,
  accept: boolean,
  reason: string,
): Promise<void> {
  const { muc } = await accessMuc(deps, appId, id, actor, 'admin');
  checkLength('reason', reason, deps.limits.groupReasonMaxChars);
  await requireUsers(deps, appId, [applicant]);
  const request = await deps.mucs.findRequest(appId, id, 'apply', applicant);
  if (!request) throw badParameter(`${applicant} has no pending request to join group ${id}`);
  if (accept) {
    if (await deps.mucs.member(appId, id, applicant)) {
      await deps.mucs.deleteRequest(appId, id, 'apply', applicant);
      throw alreadyJoined(applicant);
    }
    await checkJoinedLimit(deps, appId, [applicant]);
    // Admitted first: a full group keeps the request, to be accepted when there is room.
    await admitMembers(deps, muc, actor, [applicant], false);
  }
  await deps.mucs.deleteRequest(appId, id, 'apply', applicant);
  await tell(
    deps,
    muc,
    actor,
    accept ? MucOperation.APPLY_ACCEPT : MucOperation.APPLY_DECLINE,
    { users: [applicant] },
    { targets: [applicant], ...(accept ? {} : { reason }) },
  );
}
