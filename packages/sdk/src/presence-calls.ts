// Presence (REST spec §1.4 #54–58): publishPresence, subscribePresence, unsubscribePresence,
// getSubscribedPresenceList (and its lower-case alias) and getPresenceStatus, with the official parameter
// checks. Answers are the server's top-level `result`, copied into `data` as the official SDK does.
import type { AccountContext } from './account-calls.js';
import { restCall } from './rest-call.js';

/** One user's presence as the server answers it. */
export interface PresenceResult {
  uid: string;
  last_time: number;
  expiry: number;
  ext: string;
  /** Device (resource) → status ("1" online, "0" offline). */
  status: Record<string, string>;
}

export interface SubscribedPresenceList {
  totalnum: number;
  sublist: { uid: string; expiry: number }[];
}

type WithResult<T> = { type: 0; result: T; data: { result: T } };

const users = (params: { usernames?: unknown }): string[] => {
  if (!Array.isArray(params?.usernames)) throw new Error('Invalid parameter: "usernames"');
  if (params.usernames.length === 0) throw new Error('"usernames" can not be empty');
  return params.usernames as string[];
};

const withData = <T>(res: { result: T; type: 0 }): WithResult<T> => ({
  ...res,
  data: { result: res.result },
});

export async function publishPresence(ctx: AccountContext, params: { description: string }): Promise<void> {
  if (typeof params?.description !== 'string') throw new Error('Invalid parameter: "description"');
  await restCall(ctx, 'POST', `/users/${ctx.user}/presence/${ctx.resource}/1`, {
    body: { ext: params.description },
  });
}

export async function subscribePresence(
  ctx: AccountContext,
  params: { usernames: string[]; expiry: number },
): Promise<WithResult<PresenceResult[]>> {
  const usernames = users(params);
  if (typeof params.expiry !== 'number') throw new Error('Invalid parameter: "expiry"');
  return withData(
    await restCall<{ result: PresenceResult[] }>(
      ctx,
      'POST',
      `/users/${ctx.user}/presence/${params.expiry}`,
      {
        body: { usernames },
      },
    ),
  );
}

export async function unsubscribePresence(
  ctx: AccountContext,
  params: { usernames: string[] },
): Promise<void> {
  // The body is the bare array, as the official SDK sends it.
  await restCall(ctx, 'DELETE', `/users/${ctx.user}/presence`, { body: users(params) });
}

export async function getSubscribedPresenceList(
  ctx: AccountContext,
  params: { pageNum: number; pageSize: number },
): Promise<WithResult<SubscribedPresenceList>> {
  if (typeof params?.pageNum !== 'number' || typeof params.pageSize !== 'number')
    throw new Error('Invalid parameter: "pageNum or pageSize"');
  if (params.pageNum < 0 || params.pageSize < 0)
    throw new Error('"pageNum" should >= 0 and "pageSize" should >= 0');
  return withData(
    await restCall<{ result: SubscribedPresenceList }>(ctx, 'GET', `/users/${ctx.user}/presence/sublist`, {
      query: { pageNum: params.pageNum, pageSize: params.pageSize },
    }),
  );
}

export async function getPresenceStatus(
  ctx: AccountContext,
  params: { usernames: string[] },
): Promise<WithResult<PresenceResult[]>> {
  const usernames = users(params);
  return withData(
    await restCall<{ result: PresenceResult[] }>(ctx, 'POST', `/users/${ctx.user}/presence`, {
      body: { usernames },
    }),
  );
}
