// Who may send a one-to-one message to whom (spec msync §5.2): a user the recipient blocked is refused with
// ACK reason "blocked" (SDK 603) and nothing is delivered; in an app where only contacts may message
// (`contactsOnly`), a stranger is refused with "nonroster" (SDK 221). The blocker can still write.
import { ConfabError, ErrorCode } from '@confab/protocol';
import { appSettings } from '../apps/app-settings.js';
import type { ContactCheckStore } from './contact-checks.js';
import type { AppRecord } from '../ports/storage.js';

export async function checkDirectSend(
  contacts: ContactCheckStore,
  app: Pick<AppRecord, 'id' | 'settings'>,
  sender: string,
  recipient: string,
): Promise<void> {
  if (sender === recipient) return;
  if (await contacts.isBlocked(app.id, recipient, sender))
    throw new ConfabError(ErrorCode.PERMISSION_DENIED, 'blocked');
  if (appSettings(app).contactsOnly && !(await contacts.isContact(app.id, sender, recipient)))
    throw new ConfabError(ErrorCode.USER_NOT_FRIEND, 'nonroster');
}
