// How a user is named on screen: their nickname when they set one, their user ID otherwise.
import type { Profile } from './contact-store.js';

export function displayName(user: string, profile: Profile | undefined): string {
  return profile?.nickname ? profile.nickname : user;
}

/** For labels that must stay unambiguous: "Ann Lee (ann)", or just "ann". */
export function labelName(user: string, profile: Profile | undefined): string {
  return profile?.nickname && profile.nickname !== user ? `${profile.nickname} (${user})` : user;
}
