// Members' custom attributes (REST §1.5 #110, #111; §3 metadata/chatgroup): a member sets their own, the
// owner and admins (and the app server) anyone's. Keys, values and each member's total are bounded (Agora:
// 16 B, 512 B, 4 KB). Errors are Agora's: 609 when the set fails (bad metaData, the user is not a member),
// 400/60010 read as 50 for a value too long and 52 for a key too long or no permission, 50 past the total.
// Every member is told memberAttributesUpdate with the user and the changed keys ('' = removed).
import { ConfabError, ErrorCode, MucOperation, restError } from '@confab/protocol';
import type { MemberAttributes } from '../ports/muc-lists.js';
import { memberAttributesEventExt } from './muc-event-meta.js';
import { accessMuc, type MucActor, notMemberOf, roleOf } from './muc-access.js';
import { badParameter, everyMember, maxLimit, tell, type MucListDeps } from './muc-list-rules.js';

export interface AttributeLimits {
  keyMaxBytes: number;
  valueMaxBytes: number;
  /** All keys and values of one member, UTF-8 bytes. */
  totalMaxBytes: number;
  /** Members per fetch. */
  fetchMax: number;
}

const setFailed = (message: string) => new ConfabError(ErrorCode.GROUP_MEMBER_ATTRIBUTES_SET_FAILED, message);
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** The metaData of a set: a non-empty object of string values with non-empty keys, within the limits. */
function checkPatch(metaData: unknown, limits: AttributeLimits): MemberAttributes {
  if (typeof metaData !== 'object' || metaData === null || Array.isArray(metaData))
    throw setFailed('metaData must be an object of strings');
  const entries = Object.entries(metaData as Record<string, unknown>);
  if (entries.length === 0) throw setFailed('metaData must name at least one attribute');
  for (const [key, value] of entries) {
    if (key === '') throw setFailed('an attribute key may not be empty');
    if (typeof value !== 'string') throw setFailed(`the value of ${key} must be a string`);
    if (bytes(key) > limits.keyMaxBytes)
      throw restError(
        'NO_PERMISSION',
        'memberMetadata',
        `exceeds chatgroup user metadata single key limit (${limits.keyMaxBytes} bytes): ${key}`,
      );
    if (bytes(value) > limits.valueMaxBytes)
      throw restError(
        'MAX_LIMIT',
        'memberMetadata',
        `exceeds chatgroup user metadata single value limit (${limits.valueMaxBytes} bytes): ${key}`,
      );
  }
  return Object.fromEntries(entries as [string, string][]);
}

/** Sets `target`'s attributes (an empty value removes a key); returns the metaData as applied. */
export async function setMemberAttributes(
  deps: MucListDeps,
  limits: AttributeLimits,
  appId: number,
  groupId: string,
  actor: MucActor,
  target: string,
  metaData: unknown,
): Promise<MemberAttributes> {
  const a = await accessMuc(deps, appId, groupId, actor, 'member');
  const self = actor.kind === 'user' && actor.username === target;
  if (!self && roleOf(a) === 'member')
    throw restError(
      'NO_PERMISSION',
      'memberMetadata',
      "only the owner and admins set another member's attributes",
    );
  const patch = checkPatch(metaData, limits);
  if (!self && !(await deps.mucs.member(appId, groupId, target)))
    throw setFailed(`user ${target} is not a member of group ${groupId}`);
  const result = await deps.lists.setAttributes(
    appId,
    groupId,
    target,
    patch,
    limits.totalMaxBytes,
    deps.clock.now(),
  );
  if (!result.ok)
    throw maxLimit(`exceeds chatgroup user metadata total limit (${limits.totalMaxBytes} bytes)`);
  await tell(deps, a, actor, MucOperation.GROUP_MEMBER_METADATA_UPDATE, everyMember, {
    targets: [target],
    ext: memberAttributesEventExt(target, patch),
  });
  return patch;
}

const stringList = (v: unknown, what: string): string[] => {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x !== ''))
    throw badParameter(`${what} must be an array of strings`);
  return v as string[];
};

/** Attributes of up to `fetchMax` members, only `keys` when some are given (members and the app server). */
export async function getMembersAttributes(
  deps: Pick<MucListDeps, 'mucs' | 'lists' | 'kind'>,
  fetchMax: number,
  appId: number,
  groupId: string,
  actor: MucActor,
  targets: unknown,
  keys: unknown,
): Promise<Record<string, MemberAttributes>> {
  await accessMuc(deps, appId, groupId, actor, 'member');
  const users = [...new Set(stringList(targets, 'targets'))];
  if (users.length === 0) throw badParameter('targets must name at least one user');
  if (users.length > fetchMax) throw maxLimit(`at most ${fetchMax} targets per call`);
  return deps.lists.attributes(appId, groupId, users, stringList(keys, 'properties'));
}

/** Every attribute of one member (the app server's GET); 602 when the user is not a member. */
export async function getMemberAttributes(
  deps: Pick<MucListDeps, 'mucs' | 'lists' | 'kind'>,
  appId: number,
  groupId: string,
  actor: MucActor,
  target: string,
): Promise<MemberAttributes> {
  await accessMuc(deps, appId, groupId, actor, 'member');
  if (!(await deps.mucs.member(appId, groupId, target))) throw notMemberOf(deps.kind, target);
  return (await deps.lists.attributes(appId, groupId, [target]))[target] ?? {};
}
