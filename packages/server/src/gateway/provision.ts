// Login on the socket: the PROVISION frame names the app (guid.appKey) and carries "$t$"+token.
import { AUTH_TOKEN_PREFIX, ErrorCode, type MSync, type Provision } from '@confab/protocol';
import { checkToken } from '../domain/auth/tokens.js';
import type { AppRecord } from '../domain/ports/storage.js';
import type { ServerContext } from '../context.js';

export type ProvisionOutcome =
  | { ok: true; app: AppRecord; appKey: string; username: string; resource: string; expiresAt: number }
  | { ok: false; code: number; detail: string };

const fail = (code: number, detail: string): ProvisionOutcome => ({ ok: false, code, detail });

/** PROVISION strings that carry secrets or the login ext: bounded by maxLoginExtChars. */
const LONG_FIELDS = ['reason', 'auth', 'authToken', 'password', 'appSign', 'encryptKey'] as const;
/** Names and versions: bounded by maxFieldChars. */
const NAME_FIELDS = [
  'resource',
  'deviceName',
  'deviceUuid',
  'version',
  'serviceId',
  'actionVersion',
  'sessionId',
] as const;

/** The first client string over its bound, checked before any lookup so none is stored or relayed. */
function overlongField(ctx: ServerContext, envelope: MSync, provision: Provision): string | undefined {
  const { maxFieldChars, maxLoginExtChars } = ctx.limits;
  const over = (value: string | null | undefined, max: number) => (value?.length ?? 0) > max;
  for (const f of NAME_FIELDS) if (over(provision[f], maxFieldChars)) return f;
  for (const f of LONG_FIELDS) if (over(provision[f], maxLoginExtChars)) return f;
  const guid = envelope.guid;
  if (over(guid?.appKey, maxFieldChars)) return 'appKey';
  if (over(guid?.name, maxFieldChars)) return 'name';
  if (over(guid?.clientResource, maxFieldChars)) return 'clientResource';
  if (over(envelope.auth, maxLoginExtChars)) return 'auth';
  return undefined;
}

export async function authenticateProvision(
  ctx: ServerContext,
  envelope: MSync,
  provision: Provision,
): Promise<ProvisionOutcome> {
  const overlong = overlongField(ctx, envelope, provision);
  if (overlong !== undefined) return fail(ErrorCode.REQUEST_PARAMETER_ERROR, `${overlong} too long`);
  const appKey = envelope.guid?.appKey ?? '';
  const parts = appKey.split('#');
  if (parts.length !== 2 || !parts[0] || !parts[1])
    return fail(ErrorCode.WEBIM_CONNCTION_AUTH_ERROR, 'invalid appKey');
  const app = await ctx.findApp(parts[0], parts[1]);
  if (!app) return fail(ErrorCode.WEBIM_CONNCTION_AUTH_ERROR, `app ${appKey} not found`);

  const username = envelope.guid?.name ?? '';
  const auth = envelope.auth ?? '';
  if (!auth.startsWith(AUTH_TOKEN_PREFIX) || auth.length === AUTH_TOKEN_PREFIX.length || !username) {
    return fail(ErrorCode.WEBIM_CONNCTION_TOKEN_NOT_ASSIGN_ERROR, 'no token');
  }
  const check = await checkToken(ctx.storage, ctx.clock, app, auth.slice(AUTH_TOKEN_PREFIX.length));
  if (!check.ok) {
    return check.reason === 'expired'
      ? fail(ErrorCode.WEBIM_TOKEN_EXPIRED, 'token expired')
      : fail(ErrorCode.WEBIM_CONNCTION_TOKEN_NOT_ASSIGN_ERROR, 'token unknown');
  }
  // An admin token cannot open a user session, and a user token only opens its own user's.
  if (check.token.username !== username)
    return fail(ErrorCode.WEBIM_CONNCTION_TOKEN_NOT_ASSIGN_ERROR, 'token of another user');
  const user = await ctx.storage.users.find(app.id, username);
  if (!user) return fail(ErrorCode.USER_NOT_FOUND, 'user not found');
  if (!user.activated) return fail(ErrorCode.WEBIM_CONNCTION_AUTH_ERROR, 'user deactivated');

  const resource =
    provision.resource || envelope.guid?.clientResource || `confab_${ctx.ids.next().toString(36)}`;
  return { ok: true, app, appKey, username, resource, expiresAt: check.token.expiresAt };
}
