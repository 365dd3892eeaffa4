// A user's blocklist (REST spec §1.2 #25–#27, §3 "Blocklist"): at most `blocklistAddMax` users per add and
// `blocklistMax` in all. A blocked user's one-to-one messages to its owner are refused (direct-send-rules.ts);
// the owner can still write to them. The SDK ignores BAN/ALLOW events, so none are sent.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { BlockEntry } from '../ports/contacts.js';
import { badRequest, requireUser, type ContactDeps } from './contact-deps.js';
import { decodeCursor, encodeCursor } from './contact-list.js';
import { announceCachedChange } from '../cache/cache-events.js';

/** Every node's one-to-one block checks forget `owner`'s answers (contacts/contact-checks.ts). */
function blocklistChanged(deps: ContactDeps, appId: number, owner: string): Promise<void> {
  return announceCachedChange(deps.bus, 'blocks', appId, owner, (err) =>
    deps.logger.warn({ err }, 'blocklist change not announced: other nodes see it within a second'),
  );
}

export async function blockUsers(
  deps: ContactDeps,
  appId: number,
  owner: string,
  usernames: readonly string[],
): Promise<string[]> {
  const users = [...new Set(usernames)];
  if (users.length === 0) throw badRequest('usernames must name at least one user');
  if (users.length > deps.limits.blocklistAddMax)
    throw new ConfabError(ErrorCode.MAX_LIMIT, `at most ${deps.limits.blocklistAddMax} users per call`);
  if (users.includes(owner)) throw badRequest('cannot block oneself');
  for (const u of users) await requireUser(deps, appId, u);
  const { contacts } = deps.storage;
  const already = new Set<string>();
  for (const u of users) if (await contacts.isBlocked(appId, owner, u)) already.add(u);
  const fresh = users.filter((u) => !already.has(u));
  if ((await contacts.countBlocked(appId, owner)) + fresh.length > deps.limits.blocklistMax)
    throw new ConfabError(ErrorCode.MAX_LIMIT, `a blocklist holds at most ${deps.limits.blocklistMax} users`);
  await contacts.block(appId, owner, fresh, deps.clock.now());
  await blocklistChanged(deps, appId, owner);
  return users;
}

/** Takes users off the blocklist (those not on it are ignored); returns the users named. */
export async function unblockUsers(
  deps: ContactDeps,
  appId: number,
  owner: string,
  usernames: readonly string[],
): Promise<string[]> {
  const users = [...new Set(usernames)];
  if (users.length === 0) throw badRequest('usernames must name at least one user');
  if (users.length > deps.limits.blocklistAddMax)
    throw new ConfabError(ErrorCode.MAX_LIMIT, `at most ${deps.limits.blocklistAddMax} users per call`);
  await deps.storage.contacts.unblock(appId, owner, users);
  await blocklistChanged(deps, appId, owner);
  return users;
}

export interface BlockPage {
  users: BlockEntry[];
  cursor: string;
}

export async function blockPage(
  deps: ContactDeps,
  appId: number,
  owner: string,
  cursor: string | undefined,
  limit: number,
): Promise<BlockPage> {
  const rows = await deps.storage.contacts.blocked(appId, owner, decodeCursor(cursor), limit + 1);
  const page = rows.slice(0, limit);
  return { users: page, cursor: rows.length > limit ? encodeCursor(page.at(-1)!.username) : '' };
}
