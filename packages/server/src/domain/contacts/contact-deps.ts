// What the contact and blocklist use cases need: the stores, how events are told, and the limits of the
// config schema (`LIMITS`, section contacts).
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { Storage } from '../ports/storage.js';
import type { ContactEventDeps } from './contact-events.js';

export interface ContactLimits {
  readonly contactsMax: number;
  readonly blocklistMax: number;
  readonly blocklistAddMax: number;
  readonly contactRemarkMaxChars: number;
  readonly contactReasonMaxChars: number;
}

export interface ContactDeps extends ContactEventDeps {
  readonly storage: Pick<Storage, 'apps' | 'messages' | 'users' | 'contacts'>;
  readonly limits: ContactLimits;
}

/** Who acts: a user (from `resource`, which is not told of its own act) or, without one, the app server. */
export interface ContactActor {
  appId: number;
  username: string;
  resource?: string;
}

export const badRequest = (message: string) => new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, message);

/** 404 "user not found" (SDK 204) unless `username` is registered. */
export async function requireUser(deps: ContactDeps, appId: number, username: string): Promise<void> {
  if (!(await deps.storage.users.find(appId, username)))
    throw new ConfabError(ErrorCode.USER_NOT_FOUND, `user not found: ${username}`, { username });
}

/** Room for one more contact of `username`, else 403 (SDK 50) with Agora's text. */
export async function requireContactRoom(
  deps: ContactDeps,
  appId: number,
  username: string,
  who: 'Inviter' | 'Invitee',
): Promise<void> {
  if ((await deps.storage.contacts.countContacts(appId, username)) >= deps.limits.contactsMax)
    throw new ConfabError(ErrorCode.MAX_LIMIT, `${who}'s contact max count`);
}
