// Reading contacts and setting remarks (REST spec §1.2 #17–#19, #24): whole lists and pages with an
// opaque cursor (the last user id of the page, base64url).
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { ContactEntry } from '../ports/contacts.js';
import { badRequest, type ContactDeps } from './contact-deps.js';

export const encodeCursor = (last: string): string => Buffer.from(last, 'utf8').toString('base64url');

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw badRequest('cursor is not valid');
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

export interface ContactPage {
  contacts: ContactEntry[];
  /** The next page's cursor; '' after the last page. */
  cursor: string;
}

export async function contactPage(
  deps: ContactDeps,
  appId: number,
  owner: string,
  cursor: string | undefined,
  limit: number,
): Promise<ContactPage> {
  const rows = await deps.storage.contacts.contacts(appId, owner, decodeCursor(cursor), limit + 1);
  const page = rows.slice(0, limit);
  return { contacts: page, cursor: rows.length > limit ? encodeCursor(page.at(-1)!.username) : '' };
}

/** Every contact (bounded by the contacts limit). */
export function allContacts(deps: ContactDeps, appId: number, owner: string): Promise<ContactEntry[]> {
  return deps.storage.contacts.contacts(appId, owner, undefined, deps.limits.contactsMax);
}

/** `owner`'s remark about `friend`; 221 when they are no contacts. */
export async function setContactRemark(
  deps: ContactDeps,
  appId: number,
  owner: string,
  friend: string,
  remark: string,
): Promise<void> {
  if (remark.length > deps.limits.contactRemarkMaxChars)
    throw new ConfabError(
      ErrorCode.MAX_LIMIT,
      `remark length must less than ${deps.limits.contactRemarkMaxChars}`,
    );
  if (!(await deps.storage.contacts.setRemark(appId, owner, friend, remark)))
    throw new ConfabError(
      ErrorCode.USER_NOT_FRIEND,
      'updateRemark | they are not friends, please add as a friend first.',
    );
}
