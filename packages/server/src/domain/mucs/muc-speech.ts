// Who may speak in a group (or room): the rule the message send path applies to every message (507 when
// it says no). One indexed read per message (MucListStore.speakerState), none at all for the owner.
import type { MucListStore, SpeakerState } from '../ports/muc-lists.js';
import type { MucRecord, MucRole } from '../ports/mucs.js';

/**
 * The rule on what is already loaded: the owner always speaks; an allow-listed member speaks even when
 * muted (Agora: allow-listed members "can still post messages even if they are muted"); otherwise a mute
 * in force silences anyone, and mute-all (`allMuted`) silences every member but the owner and admins.
 * A blocked user is no member and never speaks.
 */
export function maySpeak(muc: Pick<MucRecord, 'allMuted'>, role: MucRole, state: SpeakerState): boolean {
  if (role === 'owner') return true;
  if (state.blocked) return false;
  if (state.allowListed) return true;
  if (state.mutedUntil !== undefined) return false;
  return !(muc.allMuted && role === 'member');
}

/**
 * The send path's check for a member of `muc` with `role` at `now`: true when the member is muted (its
 * own mute in force, or mute-all) and not allow-listed. One indexed lookup; the owner costs none.
 */
export async function isMuted(
  lists: Pick<MucListStore, 'speakerState'>,
  muc: Pick<MucRecord, 'appId' | 'id' | 'allMuted'>,
  username: string,
  role: MucRole,
  now: number,
): Promise<boolean> {
  if (role === 'owner') return false;
  const state = await lists.speakerState(muc.appId, muc.id, username, now);
  return !maySpeak(muc, role, state);
}
