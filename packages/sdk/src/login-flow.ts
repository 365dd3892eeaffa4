// The pieces of open() that do not need the Connection's state: turning credentials into a session
// token (password → REST, token → as is) and the socket-login retry rule of the official SDK.
import { ConfabError } from '@confab/protocol';
import type { LoggedIn } from './login-attempt.js';
import type { Credentials } from './open-params.js';
import type { DeviceOptions } from './provision.js';
import type { RestClient } from './rest-client.js';
import { NON_RETRYABLE_LOGIN_CODES, sdkErrors, wrapLoginRestError } from './sdk-errors.js';
import type { ConnectionParameters, LoginResult, WebSocketConstructor } from './types.js';

/** The official SDK tries the socket login 3 times inside open() (rO, §8). */
export const OPEN_SOCKET_ATTEMPTS = 3;

/** Password login asks POST /token (errors wrapped as type 1, §1.4); token login makes no call. */
export async function sessionToken(
  rest: RestClient,
  credentials: Credentials,
): Promise<{ token: string; result: LoginResult }> {
  if (credentials.kind === 'token') {
    return { token: credentials.token, result: { accessToken: credentials.token } };
  }
  const answer = await rest.passwordToken(credentials.user, credentials.pwd).catch((error: ConfabError) => {
    throw wrapLoginRestError(error);
  });
  const token = String(answer.access_token);
  return { token, result: { accessToken: token, duration: Number(answer.expires_in) } };
}

/** Provision failures the server meant (bad token, unknown user, …) are final; I/O failures are not. */
export function isRetryableLoginError(error: unknown): boolean {
  return !(error instanceof ConfabError && NON_RETRYABLE_LOGIN_CODES.includes(error.type));
}

/** Up to `attempts` socket logins, stopping early on a final error or when `cancelled()` turns true. */
export async function loginWithRetries(
  once: (attempt: number) => Promise<LoggedIn>,
  cancelled: () => boolean,
  attempts = OPEN_SOCKET_ATTEMPTS,
): Promise<LoggedIn> {
  let lastError: unknown = sdkErrors.disconnected();
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const loggedIn = await once(attempt);
      if (!cancelled()) return loggedIn;
      loggedIn.transport.close();
      throw sdkErrors.disconnected();
    } catch (error) {
      lastError = error;
      if (cancelled() || !isRetryableLoginError(error)) break;
    }
  }
  throw lastError;
}

export function deviceOptions(options: ConnectionParameters, deviceId: string): DeviceOptions {
  const out: DeviceOptions = { deviceId, isFixedDeviceId: options.isFixedDeviceId ?? true };
  if (options.customOSPlatform !== undefined) out.customOSPlatform = options.customOSPlatform;
  if (options.customDeviceName !== undefined) out.customDeviceName = options.customDeviceName;
  return out;
}

/** The option wins; else the platform's WebSocket (browsers, Node ≥ 22); Node 20 needs the Node entry. */
export function resolveWebSocket(option: WebSocketConstructor | undefined): WebSocketConstructor {
  const found = option ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!found) {
    throw sdkErrors.invalidParameter(
      'no WebSocket implementation: pass the WebSocket option or use the Node entry',
    );
  }
  return found;
}
