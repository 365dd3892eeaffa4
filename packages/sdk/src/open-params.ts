// Client-side checks of open() parameters, in the official order and with its codes (§1.3):
// 0 for a missing user, 1 for a missing/illegal password or token.
import type { ConfabError } from '@confab/protocol';
import { sdkErrors } from './sdk-errors.js';
import type { OpenParameters } from './types.js';

export type Credentials =
  { kind: 'password'; user: string; pwd: string } | { kind: 'token'; user: string; token: string };

export function checkOpenParameters(
  params: unknown,
): { ok: true; credentials: Credentials } | { ok: false; error: ConfabError } {
  if (typeof params !== 'object' || params === null)
    return { ok: false, error: sdkErrors.openParamIllegal() };
  const p = params as Partial<Record<keyof OpenParameters, unknown>>;
  if (!p.user || typeof p.user !== 'string') return { ok: false, error: sdkErrors.userNotAssigned() };
  if ('agoraToken' in p && (!p.agoraToken || typeof p.agoraToken !== 'string')) {
    return { ok: false, error: sdkErrors.agoraTokenIllegal() };
  }
  if ('accessToken' in p && (!p.accessToken || typeof p.accessToken !== 'string')) {
    return { ok: false, error: sdkErrors.tokenIllegal() };
  }
  // A token wins over a password, as in the official SDK (token login makes no REST call).
  const token =
    typeof p.accessToken === 'string'
      ? p.accessToken
      : typeof p.agoraToken === 'string'
        ? p.agoraToken
        : undefined;
  if (token) return { ok: true, credentials: { kind: 'token', user: p.user, token } };
  if (!p.pwd || typeof p.pwd !== 'string') return { ok: false, error: sdkErrors.pwdOrTokenIllegal() };
  return { ok: true, credentials: { kind: 'password', user: p.user, pwd: p.pwd } };
}
