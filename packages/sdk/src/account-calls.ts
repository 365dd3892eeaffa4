// The account calls of a logged-in connection: renewToken (GET …/sdk/users/{me}/token/expires with the
// NEW token, msync spec §4.11) and getSelfIdsOnOtherPlatform (GET …/users/{me}/resources). Success is
// HTTP 200 only; failures carry the official codes through the shared HTTP mapper.
import { ConfabError, ErrorCode, codeFromHttp } from '@confab/protocol';
import { REST_TIMEOUT_MS } from './rest-client.js';
import { sdkErrors } from './sdk-errors.js';

export interface AccountContext {
  apiUrl: string;
  orgName: string;
  appName: string;
  user: string;
  /** The session token (REST calls about oneself). */
  token: string;
  resource: string;
  fetch?: typeof fetch | undefined;
}

export interface RenewTokenResult {
  status: true;
  token: string;
  /** Epoch ms when the new token expires. */
  expire: number;
}

async function getJson(ctx: AccountContext, path: string, token: string): Promise<Record<string, unknown>> {
  const url = `${ctx.apiUrl}/${ctx.orgName}/${ctx.appName}${path}`;
  const doFetch = ctx.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REST_TIMEOUT_MS);
  let status: number;
  let text: string;
  try {
    const res = await doFetch(url, {
      method: 'GET',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      signal: controller.signal,
    });
    status = res.status;
    text = await res.text();
  } catch (cause) {
    throw controller.signal.aborted ? sdkErrors.requestTimeout(cause) : sdkErrors.requestUnknown(cause);
  } finally {
    clearTimeout(timer);
  }
  if (status !== 200) {
    const mapped = codeFromHttp(status, text, url);
    throw new ConfabError(mapped.type, mapped.message, { status, body: text });
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ConfabError(ErrorCode.WEBIM_CONNCTION_AJAX_ERROR, 'the response is not JSON', {
      status,
      body: text,
    });
  }
}

/** Asks the server when `newToken` expires; the caller then adopts it and re-arms its timers. */
export async function fetchTokenExpiry(ctx: AccountContext, newToken: string): Promise<RenewTokenResult> {
  if (typeof newToken !== 'string' || newToken === '')
    throw sdkErrors.invalidParameter('Invalid parameter: "token"');
  const body = await getJson(ctx, `/sdk/users/${ctx.user}/token/expires`, newToken);
  const expire = Number(body['expire_timestamp']);
  if (!Number.isFinite(expire) || expire <= 0)
    throw new ConfabError(ErrorCode.WEBIM_CONNCTION_AJAX_ERROR, 'no expire_timestamp in the answer', body);
  return { status: true, token: newToken, expire };
}

/** The user's other logged-in devices as "user/resource" (this device left out), like the official SDK. */
export async function selfIdsOnOtherPlatform(ctx: AccountContext): Promise<{ type: 0; data: string[] }> {
  const body = await getJson(ctx, `/users/${ctx.user}/resources`, ctx.token);
  const rows = Array.isArray(body['data']) ? (body['data'] as { res?: unknown }[]) : [];
  const data = rows
    .filter((r) => typeof r.res === 'string' && r.res !== ctx.resource)
    .map((r) => `${ctx.user}/${String(r.res)}`);
  return { type: 0, data };
}
