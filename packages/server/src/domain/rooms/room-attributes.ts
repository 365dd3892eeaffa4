// Chat-room attributes (spec rest §1.6 #145–147, Agora's "chat room attributes"): a member sets, reads and
// removes key → value pairs of the room. Each key has an owner, the member who set it last: another member
// changes or removes it only with `forced`. A call succeeds key by key: what could not be done is in
// `errorKeys` with Agora's texts, which the SDK turns into codes (52 "is not part of you", 50 the limits,
// -3 "is not Legal"). Agora's limits: ≤ 100 keys per room, key ≤ 128 characters, value ≤ 4,096, ≤ 10 pairs
// per call. Changes are told live to the present members (updateChatRoomAttributes 43 /
// removeChatRoomAttributes 44, eventInfo.ext `{result:{successKeys}, properties}`). With autoDelete (the
// SDK's default) a member's keys go when it leaves the room (also told, as 44 from that member).
import { ConfabError, ErrorCode, MucOperation } from '@confab/protocol';
import type { MucEvent, MucEvents } from '../ports/muc-events.js';
import type { MucStore } from '../ports/mucs.js';
import type { RoomAttributeStore } from '../ports/room-attributes.js';
import type { Clock } from '../ports/clock.js';
import { roomNotFound } from '../mucs/muc-access.js';

export const ROOM_ATTRIBUTE_LIMITS = {
  keysPerRoom: 100,
  keyMaxChars: 128,
  valueMaxChars: 4096,
  perCall: 10,
} as const;

export interface RoomAttributeDeps {
  readonly mucs: Pick<MucStore, 'get' | 'member'>;
  readonly attributes: RoomAttributeStore;
  readonly events: MucEvents;
  readonly clock: Clock;
}

/** Who calls: a member (with the device of `?resource=`), or the app server acting as `username`. */
export interface AttributeCaller {
  username: string;
  resource?: string;
  appServer: boolean;
}

export interface AttributeResult {
  successKeys: string[];
  errorKeys: Record<string, string>;
}

const bad = (message: string) => new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, message);
const chars = (s: string) => [...s].length;

/** The room, with the caller a member of it (702 otherwise; the app server need not be one). */
async function roomOfCaller(deps: RoomAttributeDeps, appId: number, roomId: string, caller: AttributeCaller) {
  const room = await deps.mucs.get(appId, roomId);
  if (!room || room.kind !== 'room') throw roomNotFound(roomId);
  if (!caller.appServer && !(await deps.mucs.member(appId, roomId, caller.username)))
    throw new ConfabError(ErrorCode.CHATROOM_NOT_JOINED, `${caller.username} is not in chatroom ${roomId}`);
  return room;
}

export async function setRoomAttributes(
  deps: RoomAttributeDeps,
  appId: number,
  roomId: string,
  caller: AttributeCaller,
  input: { metaData?: unknown; autoDelete?: unknown },
  forced: boolean,
): Promise<AttributeResult> {
  const meta = input.metaData;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta))
    throw bad('metaData must be an object of key → value');
  const autoDelete =
    input.autoDelete === undefined || input.autoDelete === 'DELETE' || input.autoDelete === true;
  await roomOfCaller(deps, appId, roomId, caller);
  const errorKeys: Record<string, string> = {};
  const entries: Record<string, string> = {};
  let n = 0;
  for (const [key, value] of Object.entries(meta as Record<string, unknown>)) {
    if (++n > ROOM_ATTRIBUTE_LIMITS.perCall) errorKeys[key] = `${key} is exceeding maximum limit`;
    else if (key === '' || chars(key) > ROOM_ATTRIBUTE_LIMITS.keyMaxChars)
      errorKeys[key] = `key ${key} is not Legal`;
    else if (typeof value !== 'string' || value === '') errorKeys[key] = `value of ${key} is not Legal`;
    else if (chars(value) > ROOM_ATTRIBUTE_LIMITS.valueMaxChars)
      errorKeys[key] = `value of ${key} is exceeding maximum limit`;
    else entries[key] = value;
  }
  const result = await deps.attributes.set(appId, roomId, {
    entries,
    owner: caller.username,
    autoDelete,
    forced,
    maxKeys: ROOM_ATTRIBUTE_LIMITS.keysPerRoom,
    updatedAt: deps.clock.now(),
  });
  for (const key of result.notOwned) errorKeys[key] = `${key} is not part of you`;
  for (const key of result.overLimit)
    errorKeys[key] = 'size of metadata for this single chatroom exceeds the user defined limit';
  if (result.written.length > 0) {
    const properties = Object.fromEntries(result.written.map((k) => [k, entries[k]!]));
    await tell(deps, appId, roomId, caller, MucOperation.SET_METADATA, result.written, properties);
  }
  return { successKeys: result.written, errorKeys };
}

export async function removeRoomAttributes(
  deps: RoomAttributeDeps,
  appId: number,
  roomId: string,
  caller: AttributeCaller,
  input: { keys?: unknown },
  forced: boolean,
): Promise<AttributeResult> {
  const keys = input.keys;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string'))
    throw bad('keys must be an array of attribute keys');
  await roomOfCaller(deps, appId, roomId, caller);
  const errorKeys: Record<string, string> = {};
  const asked: string[] = [];
  for (const key of new Set(keys)) {
    if (asked.length >= ROOM_ATTRIBUTE_LIMITS.perCall) errorKeys[key] = `${key} is exceeding maximum limit`;
    else if (key === '' || chars(key) > ROOM_ATTRIBUTE_LIMITS.keyMaxChars)
      errorKeys[key] = `key ${key} is not Legal`;
    else asked.push(key);
  }
  const result = await deps.attributes.remove(appId, roomId, asked, caller.username, forced);
  for (const key of result.notOwned) errorKeys[key] = `${key} is not part of you`;
  if (result.removed.length > 0)
    await tell(deps, appId, roomId, caller, MucOperation.DELETE_METADATA, result.removed, {});
  return { successKeys: result.removed, errorKeys };
}

/** The room's attributes: all, or those of `keys` (unknown ones left out). */
export async function getRoomAttributes(
  deps: RoomAttributeDeps,
  appId: number,
  roomId: string,
  input: { keys?: unknown } | undefined,
): Promise<Record<string, string>> {
  const keys = input?.keys;
  if (keys !== undefined && (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')))
    throw bad('keys must be an array of attribute keys');
  const room = await deps.mucs.get(appId, roomId);
  if (!room || room.kind !== 'room') throw roomNotFound(roomId);
  return deps.attributes.get(appId, roomId, keys);
}

/** A member left: its autoDelete keys go, and the room is told (44, from that member). */
export async function dropLeaverAttributes(
  deps: RoomAttributeDeps,
  appId: number,
  roomId: string,
  username: string,
): Promise<void> {
  const removed = await deps.attributes.removeAutoDeleteOf(appId, roomId, username);
  if (removed.length > 0)
    await tell(
      deps,
      appId,
      roomId,
      { username, appServer: false },
      MucOperation.DELETE_METADATA,
      removed,
      {},
    );
}

function tell(
  deps: RoomAttributeDeps,
  appId: number,
  roomId: string,
  caller: AttributeCaller,
  operation: number,
  successKeys: string[],
  properties: Record<string, string>,
): Promise<void> {
  const event: MucEvent = {
    appId,
    kind: 'room',
    mucId: roomId,
    operation,
    actor: caller.username,
    ...(caller.resource ? { actorResource: caller.resource } : {}),
    ext: JSON.stringify({ result: { successKeys }, properties }),
    createdAt: deps.clock.now(),
  };
  return deps.events.notify(event, { members: true });
}
