// The two REST calls the core SDK makes (password login and registration), over fetch. Success is
// HTTP 200 only, like the official SDK's ajax (REST spec T1); every other answer goes through the
// shared HTTP → SDK code mapper so errors carry the official codes.
import { ConfabError, ErrorCode, codeFromHttp } from '@confab/protocol';
import { sdkErrors } from './sdk-errors.js';

/** Official XHR timeout (REST spec T6). */
export const REST_TIMEOUT_MS = 15_000;

export interface RestClientOptions {
  apiUrl: string;
  orgName: string;
  appName: string;
  /** Default: the platform fetch (browsers, Node ≥ 18). */
  fetch?: typeof fetch | undefined;
  timeoutMs?: number;
}

export interface TokenResponse {
  access_token?: string;
  expires_in?: number;
  [key: string]: unknown;
}

export class RestClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: RestClientOptions) {
    // Bound: a detached window.fetch throws "Illegal invocation" in browsers.
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  private url(path: string): string {
    const { apiUrl, orgName, appName } = this.options;
    return `${apiUrl}/${orgName}/${appName}${path}`;
  }

  /** POST /{org}/{app}/token with grant_type password; no Authorization header. */
  passwordToken(username: string, password: string): Promise<TokenResponse> {
    return this.postJson<TokenResponse>('/token', {
      grant_type: 'password',
      username,
      password,
      timestamp: Date.now(),
    });
  }

  /** POST /{org}/{app}/users; no Authorization header (open registration). */
  registerUser(body: {
    username: string;
    password: string;
    nickname?: string;
  }): Promise<Record<string, unknown>> {
    return this.postJson<Record<string, unknown>>('/users', body);
  }

  private async postJson<T>(path: string, body: unknown): Promise<T> {
    const url = this.url(path);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs ?? REST_TIMEOUT_MS);
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      text = await response.text();
    } catch (cause) {
      throw controller.signal.aborted ? sdkErrors.requestTimeout(cause) : sdkErrors.requestUnknown(cause);
    } finally {
      clearTimeout(timer);
    }
    if (response.status !== 200) {
      const mapped = codeFromHttp(response.status, text, url);
      throw new ConfabError(mapped.type, mapped.message, { status: response.status, body: parseOrRaw(text) });
    }
    const parsed = parseOrRaw(text);
    if (typeof parsed !== 'object' || parsed === null) {
      throw new ConfabError(ErrorCode.WEBIM_CONNCTION_AJAX_ERROR, 'the response is not JSON', {
        status: 200,
        body: text,
      });
    }
    return parsed as T;
  }
}

function parseOrRaw(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
