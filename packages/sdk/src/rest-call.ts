// One authenticated REST call of a logged-in connection (conversations, history, message actions):
// JSON in and out, success is HTTP 200 only (REST spec T1), failures carry the official codes through
// the shared HTTP mapper. Query values are sent as the official SDK sends them (T4), but URL-encoded.
import { ConfabError, ErrorCode, codeFromHttp } from '@confab/protocol';
import type { AccountContext } from './account-calls.js';
import { REST_TIMEOUT_MS } from './rest-client.js';
import { sdkErrors } from './sdk-errors.js';

export type RestMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RestCallOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

export async function restCall<T = Record<string, unknown>>(
  ctx: AccountContext,
  method: RestMethod,
  path: string,
  options: RestCallOptions = {},
): Promise<T & { type: 0 }> {
  const params = Object.entries(options.query ?? {})
    .filter((e): e is [string, string | number | boolean] => e[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const url = `${ctx.apiUrl}/${ctx.orgName}/${ctx.appName}${path}${params ? `?${params}` : ''}`;
  const doFetch =
    ctx.fetch ?? ((input: Parameters<typeof fetch>[0], init?: RequestInit) => globalThis.fetch(input, init));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REST_TIMEOUT_MS);
  let status: number;
  let text: string;
  try {
    const res = await doFetch(url, {
      method,
      headers: { Authorization: `Bearer ${ctx.token}`, 'Content-Type': 'application/json' },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
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
    return { ...(JSON.parse(text) as T), type: 0 };
  } catch {
    throw new ConfabError(ErrorCode.WEBIM_CONNCTION_AJAX_ERROR, 'the response is not JSON', {
      status,
      body: text,
    });
  }
}
