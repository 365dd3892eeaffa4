// Global mute (Agora's app-server API `POST /{org}/{app}/mutes`): a user's one-to-one, group and chat room
// messages are each refused for a duration (SERVICE_NOT_ALLOW_MESSAGING, 506) whatever group or room they
// go to. Durations are seconds: 0 lifts that mute, -1 is forever.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { Clock } from '../ports/clock.js';
import type { UserMute, UserMuteStore } from '../ports/app-server.js';
import type { ChatKind } from './callback-payload.js';

const bad = (m: string) => new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, m);
const MAX_SECONDS = 100 * 365 * 86_400;

/** Seconds → until (ms epoch); undefined keeps the current value. */
function untilOf(v: unknown, key: string, now: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < -1 || n > MAX_SECONDS)
    throw bad(`${key} must be a number of seconds (0 = unmute, -1 = forever)`);
  return n === -1 ? -1 : n === 0 ? 0 : now + n * 1000;
}

export async function setGlobalMute(
  deps: { mutes: UserMuteStore; clock: Clock },
  appId: number,
  username: string,
  input: { chat?: unknown; groupchat?: unknown; chatroom?: unknown },
): Promise<UserMute> {
  const now = deps.clock.now();
  const current = (await deps.mutes.get(appId, username)) ?? {
    username,
    chatUntil: 0,
    groupchatUntil: 0,
    chatroomUntil: 0,
  };
  const mute: UserMute = {
    username,
    chatUntil: untilOf(input.chat, 'chat', now) ?? current.chatUntil,
    groupchatUntil: untilOf(input.groupchat, 'groupchat', now) ?? current.groupchatUntil,
    chatroomUntil: untilOf(input.chatroom, 'chatroom', now) ?? current.chatroomUntil,
  };
  await deps.mutes.set(appId, mute);
  return mute;
}

/** Seconds of mute left (Agora's answer shape): -1 forever, 0 none. */
export const secondsLeft = (until: number, now: number): number =>
  until === -1 ? -1 : until > now ? Math.ceil((until - now) / 1000) : 0;

export function untilFor(mute: UserMute, kind: ChatKind): number {
  return kind === 'chat' ? mute.chatUntil : kind === 'groupchat' ? mute.groupchatUntil : mute.chatroomUntil;
}

export const NOT_ALLOWED_REASON = 'not in group or chatroom white list';

/** Throws 506 when the user is muted for this kind of message now. */
export function checkGlobalMute(mute: UserMute | undefined, kind: ChatKind, now: number): void {
  if (!mute) return;
  const until = untilFor(mute, kind);
  if (until === -1 || until > now)
    throw new ConfabError(ErrorCode.SERVICE_NOT_ALLOW_MESSAGING, 'the user is muted by the app');
}
