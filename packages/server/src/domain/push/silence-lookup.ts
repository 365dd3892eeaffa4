// What offline push delivery calls (issue 20): reads the user's app-wide and conversation silent modes
// and applies the rules of silenced-now.ts at the clock's time. One store read per call.
import type { Clock } from '../ports/clock.js';
import { silentKeyId, type SilentKey } from '../ports/push-settings.js';
import type { AppRecord, Storage } from '../ports/storage.js';
import { isSilencedNow } from './silenced-now.js';

export interface SilenceLookupDeps {
  storage: Pick<Storage, 'pushSettings'>;
  clock: Clock;
}

/** Whether a message in `conversation` (a 1:1 peer or a group) should not be pushed to `username` now. */
export async function isUserSilencedNow(
  deps: SilenceLookupDeps,
  app: AppRecord,
  username: string,
  conversation: { scope: 'user' | 'group'; target: string },
  mentioned: boolean,
): Promise<boolean> {
  const all: SilentKey = { scope: 'all', target: '' };
  const found = await deps.storage.pushSettings.silentModes(app.id, username, [all, conversation]);
  return isSilencedNow({
    all: found.get(silentKeyId(all)),
    conversation: found.get(silentKeyId(conversation)),
    mentioned,
    now: deps.clock.now(),
  });
}
