// Contacts, friend requests and the blocklist of the official API (REST spec §1.2 #17–#27), with the
// official requests and result shapes: lists reshaped as the official SDK reshapes them, acts resolving
// with nothing. Parameters are checked as the official SDK checks them (it throws, the promise rejects).
import type { AccountContext } from './account-calls.js';
import { restCall } from './rest-call.js';
import { sdkErrors } from './sdk-errors.js';

export type UserId = string;

export interface ContactItem {
  userId: UserId;
  remark: string;
}
export interface CursorContactsResult {
  cursor: string;
  contacts: ContactItem[];
}

const requireTo = (to: unknown) => {
  if (typeof to !== 'string' || to === '') throw sdkErrors.invalidParameter('"Invalid parameter": "to"');
};
/** `name`: one user id or a list of them. */
const names = (name: unknown): string[] => {
  if (typeof name === 'string' && name !== '') return [name];
  if (Array.isArray(name)) return name as string[];
  throw sdkErrors.invalidParameter('"Invalid parameter": "name"');
};
const me = (ctx: AccountContext) => `/users/${ctx.user}`;
const resource = (ctx: AccountContext) => ({ resource: ctx.resource });

/** getContacts / getRoster: the contacts' ids in `data`. */
export function getContacts(ctx: AccountContext): Promise<{ type: 0; data: UserId[] }> {
  return restCall(ctx, 'GET', `${me(ctx)}/contacts/users`);
}

export async function getAllContacts(ctx: AccountContext): Promise<{ type: 0; data: ContactItem[] }> {
  const res = await restCall<{ entities?: { username: string; remark?: string }[] }>(
    ctx,
    'GET',
    `${me(ctx)}/contacts/users`,
    { query: { needReturnRemark: true } },
  );
  return {
    type: 0,
    data: (res.entities ?? []).map((e) => ({ userId: e.username, remark: e.remark ?? '' })),
  };
}

export async function getContactsWithCursor(
  ctx: AccountContext,
  params?: { pageSize?: number; cursor?: string },
): Promise<{ type: 0; data: CursorContactsResult }> {
  const pageSize = params?.pageSize ?? 20;
  if (pageSize && typeof pageSize !== 'number')
    throw sdkErrors.invalidParameter(`Invalid parameter pageSize: ${String(pageSize)}`);
  const res = await restCall<{
    data?: { contacts?: { username: string; remark?: string }[]; cursor?: string };
  }>(ctx, 'GET', `${me(ctx)}/contacts`, {
    query: { needReturnRemark: true, limit: pageSize, cursor: params?.cursor ?? '' },
  });
  return {
    type: 0,
    data: {
      cursor: res.data?.cursor ?? '',
      contacts: (res.data?.contacts ?? []).map((e) => ({ userId: e.username, remark: e.remark ?? '' })),
    },
  };
}

export async function addContact(ctx: AccountContext, to: string, message?: string): Promise<void> {
  requireTo(to);
  await restCall(ctx, 'POST', `${me(ctx)}/contacts/apply`, {
    query: resource(ctx),
    body: { usernames: [to], reason: message },
  });
}

export async function deleteContact(ctx: AccountContext, to: string): Promise<void> {
  requireTo(to);
  await restCall(ctx, 'DELETE', `${me(ctx)}/contacts/users/${to}`, { query: resource(ctx) });
}

export async function answerInvitation(
  ctx: AccountContext,
  to: string,
  verb: 'accept' | 'decline',
): Promise<void> {
  requireTo(to);
  await restCall(ctx, 'POST', `${me(ctx)}/contacts/${verb}/users/${to}`, { query: resource(ctx) });
}

export async function setContactRemark(
  ctx: AccountContext,
  params: { userId: string; remark: string },
): Promise<void> {
  if (typeof params?.userId !== 'string' || params.userId === '')
    throw sdkErrors.invalidParameter('Invalid parameter: "userId"');
  if (typeof params.remark !== 'string') throw sdkErrors.invalidParameter('Invalid parameter: "remark"');
  await restCall(ctx, 'PUT', `${me(ctx)}/contacts/users/${params.userId}`, {
    query: resource(ctx),
    body: { remark: params.remark },
  });
}

/** getBlocklist / getBlacklist: the answer as it comes, blocked ids in `data`. */
export function getBlocklist(ctx: AccountContext): Promise<{ type: 0; data: UserId[] }> {
  return restCall(ctx, 'GET', `${me(ctx)}/blocks/users`);
}

export async function addUsersToBlocklist(
  ctx: AccountContext,
  params: { name: UserId | UserId[] },
): Promise<{ type: 0; data: { userIds: UserId[] } }> {
  const usernames = names(params?.name);
  const res = await restCall<{ data?: UserId[] }>(ctx, 'POST', `/sdk/user/${ctx.user}/blocks`, {
    query: resource(ctx),
    body: { usernames },
  });
  return { type: 0, data: { userIds: res.data ?? [] } };
}

export async function removeUserFromBlocklist(
  ctx: AccountContext,
  params: { name: UserId | UserId[] },
): Promise<void> {
  const usernames = names(params?.name);
  await restCall(ctx, 'DELETE', `/sdk/user/${ctx.user}/blocks`, {
    query: resource(ctx),
    body: { usernames },
  });
}
