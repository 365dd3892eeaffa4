// User attributes (Agora "user metadata", REST spec §1.2 #28–29, §3, limits §4): the SDK's eight keys
// (nickname, avatarurl, mail, phone, gender, sign, birth, ext), each with Agora's length limit where it
// documents one, at most 2 KB per user in all. Any user of the app may read anyone's; only the user (or
// the app admin) writes them. An update merges into what the user has.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { Clock } from '../ports/clock.js';
import type { AppRecord, Storage } from '../ports/storage.js';
import type { UserAttributes } from '../ports/user-attributes.js';
import { requireUser } from './user-admin.js';

/** The keys the official SDK sends and asks for by default. */
export const USER_ATTRIBUTE_KEYS = [
  'nickname',
  'avatarurl',
  'mail',
  'phone',
  'gender',
  'sign',
  'birth',
  'ext',
] as const;

/** Agora's per-field limits, in characters (limits §4); gender and ext only count toward the total. */
export const USER_ATTRIBUTE_MAX_CHARS: Readonly<Record<string, number>> = {
  nickname: 64,
  avatarurl: 256,
  phone: 32,
  mail: 64,
  sign: 256,
  birth: 64,
};

/** All of one user's attributes (their UTF-8 JSON), bytes. */
export const MAX_USER_ATTRIBUTE_BYTES = 2048;
/** Users per batch lookup (POST /metadata/user/get `targets`). */
export const MAX_USER_ATTRIBUTE_TARGETS = 100;

const KEY = /^[A-Za-z0-9_.-]{1,64}$/;
const limit = (message: string) => new ConfabError(ErrorCode.MAX_LIMIT, message);
const bad = (message: string) => new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, message);

export const attributeBytes = (a: UserAttributes): number => Buffer.byteLength(JSON.stringify(a));

/** Values as stored: strings (a number or boolean, e.g. gender 1, becomes its text). */
export function attributeChanges(input: unknown): UserAttributes {
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw bad('user attributes must be an object');
  const out: UserAttributes = {};
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    if (!KEY.test(k)) throw bad(`illegal attribute name ${k.slice(0, 64)}`);
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else throw bad(`attribute ${k} must be a string`);
    const max = USER_ATTRIBUTE_MAX_CHARS[k];
    if (max !== undefined && [...out[k]].length > max) throw limit(`${k} is longer than ${max} characters`);
  }
  if (Object.keys(out).length === 0) throw bad('no user attribute given');
  return out;
}

export interface UserAttributeDeps {
  readonly storage: Storage;
  readonly clock: Clock;
}

/** Merges `changes` into the user's attributes; refuses (50) a result over 2 KB. Returns what was set. */
export async function updateUserAttributes(
  deps: UserAttributeDeps,
  app: AppRecord,
  username: string,
  changes: UserAttributes,
): Promise<UserAttributes> {
  await requireUser(deps.storage, app, username);
  const current = (await deps.storage.userAttributes.get(app.id, [username])).get(username) ?? {};
  const next = { ...current, ...changes };
  if (attributeBytes(next) > MAX_USER_ATTRIBUTE_BYTES)
    throw limit(`user attributes exceed ${MAX_USER_ATTRIBUTE_BYTES} bytes`);
  await deps.storage.userAttributes.put(app.id, username, next, deps.clock.now());
  return changes;
}

/**
 * Attributes of many users, only the asked `properties` (all when none): every target gets an entry, an
 * empty one when it has none, so `data[id].nickname` never throws in an app.
 */
export async function fetchUserAttributes(
  storage: Storage,
  app: AppRecord,
  targets: readonly string[],
  properties: readonly string[] | undefined,
): Promise<Record<string, UserAttributes>> {
  if (targets.length > MAX_USER_ATTRIBUTE_TARGETS)
    throw bad(`at most ${MAX_USER_ATTRIBUTE_TARGETS} users per request`);
  const found = await storage.userAttributes.get(app.id, [...new Set(targets)]);
  const out: Record<string, UserAttributes> = {};
  for (const t of targets) {
    const all = found.get(t) ?? {};
    const picked: UserAttributes = {};
    for (const [k, v] of Object.entries(all)) if (!properties || properties.includes(k)) picked[k] = v;
    out[t] = picked;
  }
  return out;
}
