// "Is this user silenced for this conversation now?" — the question offline push delivery asks before
// notifying (issue 20). Pure: the caller reads the settings (push-settings.ts) and passes the clock.
// Agora's rules: a conversation's remind type wins over the app-wide one (default ALL); NONE silences
// everything, AT everything but mentions of the user; a do-not-disturb duration (app-wide or the
// conversation's) or the app-wide daily quiet hours silence every message, mentions included.
import type { SilentMode } from '../ports/push-settings.js';

export interface SilenceQuery {
  /** The app-wide setting, if any. */
  all?: SilentMode | undefined;
  /** The conversation's setting, if any. */
  conversation?: SilentMode | undefined;
  /** The message mentions the user (`em_at_list` names them or is "ALL"). */
  mentioned: boolean;
  /** ms since the epoch. */
  now: number;
  /** Minutes east of UTC of the user's quiet hours (default 0: quiet hours are UTC). */
  utcOffsetMinutes?: number;
}

/** Minutes since midnight of "H:M". */
function minutes(hm: string): number {
  const [h, m] = hm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whether `now` falls in the daily interval "H:M-H:M" (which may cross midnight; start inclusive). */
export function inQuietHours(interval: string, now: number, utcOffsetMinutes = 0): boolean {
  const [start, end] = interval.split('-');
  if (start === undefined || end === undefined) return false;
  const day = 24 * 60;
  const t = (((Math.floor(now / 60_000) + utcOffsetMinutes) % day) + day) % day;
  const s = minutes(start);
  const e = minutes(end);
  return s < e ? t >= s && t < e : t >= s || t < e;
}

export function isSilencedNow(q: SilenceQuery): boolean {
  const until = Math.max(q.all?.ignoreUntil ?? 0, q.conversation?.ignoreUntil ?? 0);
  if (until > q.now) return true;
  const interval = q.all?.ignoreInterval;
  if (interval && inQuietHours(interval, q.now, q.utcOffsetMinutes)) return true;
  const type = q.conversation?.type ?? q.all?.type ?? 'ALL';
  if (type === 'NONE') return true;
  if (type === 'AT') return !q.mentioned;
  return false;
}
