// Silent mode ("do not disturb", REST spec §1.4 #59–63, #66, §3 "DND / remind type"): app-wide
// (`notification/user/{me}`) and per conversation (`notification/{user|chatgroup}/{id}`). One call sets one
// field: `{type: ALL|AT|NONE}` (DEFAULT on a conversation clears its setting), `{ignoreDuration: ms}`
// (0..7 days from now; 0 clears) or app-wide `{ignoreInterval: "H:M-H:M"}` (daily quiet hours; "" clears).
// Each change reaches the user's other devices (silent-mode-notify.ts).
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { Clock } from '../ports/clock.js';
import type { RemindType, SilentKey, SilentMode } from '../ports/push-settings.js';
import { silentKeyId } from '../ports/push-settings.js';
import type { AppRecord, Storage } from '../ports/storage.js';

/** Longest do-not-disturb duration (agora-rest-api.md §3: 0..604800000 ms). */
export const MAX_IGNORE_DURATION_MS = 604_800_000;

const REMIND_TYPES: readonly string[] = ['ALL', 'AT', 'NONE'];

export interface SilentModeDeps {
  storage: Pick<Storage, 'pushSettings'>;
  clock: Clock;
}

const bad = (m: string) => new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, m);

/** "H:M-H:M", hours 0–23, minutes 0–59, start ≠ end; returned normalised (no leading zeros). */
export function parseInterval(raw: unknown): string {
  if (typeof raw !== 'string') throw bad('ignoreInterval must be a string "H:M-H:M"');
  const m = /^(\d{1,2}):(\d{1,2})-(\d{1,2}):(\d{1,2})$/.exec(raw.trim());
  if (!m) throw bad('ignoreInterval must be "H:M-H:M"');
  const [h1, m1, h2, m2] = m.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) throw bad('ignoreInterval is out of range');
  if (h1 === h2 && m1 === m2) throw bad('ignoreInterval start and end are the same');
  return `${h1}:${m1}-${h2}:${m2}`;
}

/** Applies one call's body to the current setting. */
export function applyChange(
  current: SilentMode,
  body: unknown,
  scope: SilentKey['scope'],
  now: number,
): SilentMode {
  if (typeof body !== 'object' || body === null) throw bad('a body is required');
  const b = body as Record<string, unknown>;
  const next: SilentMode = { ...current };
  let changed = false;
  if ('type' in b) {
    changed = true;
    if (b['type'] === 'DEFAULT') {
      if (scope === 'all') throw bad('type DEFAULT applies to conversations only');
      return {};
    }
    if (typeof b['type'] !== 'string' || !REMIND_TYPES.includes(b['type']))
      throw bad('type must be ALL, AT or NONE');
    next.type = b['type'] as RemindType;
  }
  if ('ignoreDuration' in b) {
    changed = true;
    const d = b['ignoreDuration'];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > MAX_IGNORE_DURATION_MS)
      throw bad(`ignoreDuration must be 0..${MAX_IGNORE_DURATION_MS} ms`);
    next.ignoreUntil = d === 0 ? undefined : now + d;
  }
  if ('ignoreInterval' in b) {
    changed = true;
    if (scope !== 'all') throw bad('ignoreInterval applies app-wide only');
    next.ignoreInterval = b['ignoreInterval'] === '' ? undefined : parseInterval(b['ignoreInterval']);
  }
  if (!changed) throw bad('one of type, ignoreDuration, ignoreInterval is required');
  return next;
}

/** What the SDK reads: app-wide `{type, ignoreDuration, ignoreInterval}`, a conversation `{type, ignoreDuration}`. */
export function modeJson(
  mode: SilentMode | undefined,
  scope: SilentKey['scope'],
  now: number,
): Record<string, unknown> {
  const until = mode?.ignoreUntil !== undefined && mode.ignoreUntil > now ? mode.ignoreUntil : 0;
  if (scope === 'all')
    return { type: mode?.type ?? 'ALL', ignoreDuration: until, ignoreInterval: mode?.ignoreInterval ?? '' };
  return { type: mode?.type ?? 'DEFAULT', ignoreDuration: until };
}

export async function getSilentMode(
  deps: SilentModeDeps,
  app: AppRecord,
  username: string,
  key: SilentKey,
): Promise<SilentMode | undefined> {
  return (await deps.storage.pushSettings.silentModes(app.id, username, [key])).get(silentKeyId(key));
}

/** Stores the change; returns the setting after it. */
export async function setSilentMode(
  deps: SilentModeDeps,
  app: AppRecord,
  username: string,
  key: SilentKey,
  body: unknown,
): Promise<SilentMode> {
  const now = deps.clock.now();
  if (key.scope !== 'all' && (key.target === '' || key.target.length > 128)) throw bad('bad conversation id');
  const current = (await getSilentMode(deps, app, username, key)) ?? {};
  const next = applyChange(current, body, key.scope, now);
  await deps.storage.pushSettings.putSilentMode(app.id, username, key, next, now);
  return next;
}
