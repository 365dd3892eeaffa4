// Friend requests and contacts (REST spec §1.2 #17–#24, §3 "Contacts"): a request tells the invitee
// (onContactInvited, online or at the next login); accepting makes both contacts (the requester:
// onContactAgreed; the accepter's devices: onContactAdded); declining tells the requester
// (onContactRefuse); deleting tells the other side (onContactDeleted). The actor's other devices hear of
// every change they would otherwise miss (spec msync §4.9 operations; contact-events.ts).
import { RosterOperation } from '@confab/protocol';
import { tellContacts, type RosterNotice } from './contact-events.js';
import {
  badRequest,
  requireContactRoom,
  requireUser,
  type ContactActor,
  type ContactDeps,
} from './contact-deps.js';

const notice = (recipient: string, operation: number, from: string, reason?: string): RosterNotice => ({
  recipient,
  operation,
  from,
  ...(reason === undefined ? {} : { reason }),
});

/** `actor` asks `invitee` to become a contact. */
export async function requestContact(
  deps: ContactDeps,
  actor: ContactActor,
  invitee: string,
  reason: string,
): Promise<void> {
  const { appId, username: me } = actor;
  if (invitee === me) throw badRequest('cannot add oneself as a contact');
  if (reason.length > deps.limits.contactReasonMaxChars)
    throw badRequest(`reason must be at most ${deps.limits.contactReasonMaxChars} characters`);
  await requireUser(deps, appId, invitee);
  const { contacts } = deps.storage;
  if (await contacts.isContact(appId, me, invitee)) return;
  // They asked first: asking back is accepting.
  if (await contacts.request(appId, invitee, me)) return acceptContact(deps, actor, invitee);
  await requireContactRoom(deps, appId, me, 'Inviter');
  // A user who blocked the requester never hears of the request (and the requester is not told so).
  if (await contacts.isBlocked(appId, invitee, me)) return;
  await contacts.addRequest(appId, { requester: me, invitee, reason, createdAt: deps.clock.now() });
  await tellContacts(deps, actor, [notice(invitee, RosterOperation.ADD, me, reason)]);
}

/** `actor` accepts the pending request of `requester`. */
export async function acceptContact(
  deps: ContactDeps,
  actor: ContactActor,
  requester: string,
): Promise<void> {
  const { appId, username: me } = actor;
  const { contacts } = deps.storage;
  if (!(await contacts.request(appId, requester, me)))
    throw badRequest(`no contact request from ${requester}`);
  await requireContactRoom(deps, appId, me, 'Invitee');
  await requireContactRoom(deps, appId, requester, 'Inviter');
  await contacts.addContact(appId, requester, me, deps.clock.now());
  await tellContacts(deps, actor, [notice(requester, RosterOperation.REMOTE_ACCEPT, me)]);
  // Every device of the accepter, the acting one included, sees the new contact.
  await tellContacts(deps, { appId, username: me }, [notice(me, RosterOperation.ACCEPT, requester)]);
}

/** `actor` declines the pending request of `requester`. */
export async function declineContact(
  deps: ContactDeps,
  actor: ContactActor,
  requester: string,
): Promise<void> {
  const { appId, username: me } = actor;
  if (!(await deps.storage.contacts.removeRequest(appId, requester, me)))
    throw badRequest(`no contact request from ${requester}`);
  await tellContacts(deps, actor, [
    notice(requester, RosterOperation.REMOTE_DECLINE, me),
    notice(me, RosterOperation.DECLINE, requester),
  ]);
}

/** `actor` ends the contact with `friend` (both sides); nothing happens when they were none. */
export async function deleteContact(deps: ContactDeps, actor: ContactActor, friend: string): Promise<void> {
  const { appId, username: me } = actor;
  if (!(await deps.storage.contacts.removeContact(appId, me, friend))) return;
  await tellContacts(deps, actor, [
    notice(friend, RosterOperation.REMOVE, me),
    notice(me, RosterOperation.REMOVE, friend),
  ]);
}

/** The app server makes two users contacts without a request; both are told (onContactAdded). */
export async function addContactDirectly(
  deps: ContactDeps,
  appId: number,
  owner: string,
  friend: string,
): Promise<void> {
  if (owner === friend) throw badRequest('cannot add oneself as a contact');
  await requireUser(deps, appId, owner);
  await requireUser(deps, appId, friend);
  if (await deps.storage.contacts.isContact(appId, owner, friend)) return;
  await requireContactRoom(deps, appId, owner, 'Inviter');
  await requireContactRoom(deps, appId, friend, 'Invitee');
  await deps.storage.contacts.addContact(appId, owner, friend, deps.clock.now());
  await tellContacts(deps, { appId, username: owner }, [
    notice(friend, RosterOperation.ACCEPT, owner),
    notice(owner, RosterOperation.ACCEPT, friend),
  ]);
}
