// Bearer tokens are 256 random bits; only their SHA-256 is stored, so a leaked database holds no
// usable token (a fast hash suffices for high-entropy secrets, unlike passwords).
import { createHash, randomBytes } from 'node:crypto';
import { agoraCredentials } from '../apps/app-settings.js';
import type { Clock } from '../ports/clock.js';
import { looksLikeAgoraToken, verifyAgoraChatToken } from './agora-token.js';
import type { AppRecord, Storage, TokenRecord } from '../ports/storage.js';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface IssuedToken {
  token: string;
  /** seconds */
  expiresIn: number;
  /** epoch ms */
  expiresAt: number;
}

export async function issueToken(
  storage: Storage,
  clock: Clock,
  app: AppRecord,
  username: string | undefined,
  /** Lifetime in seconds; the app's `tokenTtlSeconds` when absent. */
  ttlSeconds?: number,
): Promise<IssuedToken> {
  const token = randomBytes(32).toString('base64url');
  const now = clock.now();
  const expiresIn = ttlSeconds ?? app.settings.tokenTtlSeconds;
  const record: TokenRecord = {
    tokenHash: hashToken(token),
    appId: app.id,
    username,
    createdAt: now,
    expiresAt: now + expiresIn * 1000,
  };
  await storage.tokens.save(record);
  return { token, expiresIn, expiresAt: record.expiresAt };
}

export type TokenCheck =
  { ok: true; token: TokenRecord } | { ok: false; reason: 'unknown' | 'expired' | 'other-app' };

export type LiveTokenCheck = TokenCheck | { ok: false; reason: 'user-deactivated' };

/**
 * An Agora AccessToken2 of an app with an Agora App ID and certificate: checked by its signature, not looked
 * up. A user token names the user by id or UUID (buildUserToken's `userUuid`); an app token is the admin's.
 */
async function checkAgoraToken(
  storage: Storage,
  clock: Clock,
  app: AppRecord,
  token: string,
): Promise<TokenCheck | undefined> {
  const credentials = agoraCredentials(app);
  if (!credentials || !looksLikeAgoraToken(token)) return undefined;
  const grant = verifyAgoraChatToken(token, credentials.appId, credentials.certificate);
  if (!grant) return { ok: false, reason: 'unknown' };
  let username: string | undefined;
  if (grant.kind === 'user') {
    const user =
      (await storage.users.find(app.id, grant.userId)) ??
      (await storage.users.findByUuid(app.id, grant.userId));
    if (!user) return { ok: false, reason: 'unknown' };
    username = user.username;
  }
  const record: TokenRecord = {
    tokenHash: hashToken(token),
    appId: app.id,
    username,
    createdAt: grant.issuedAt,
    expiresAt: grant.expiresAt,
  };
  if (record.expiresAt <= clock.now()) return { ok: false, reason: 'expired' };
  return { ok: true, token: record };
}

/** Looks a bearer token up for an app; expiry is checked against the injected clock. */
export async function checkToken(
  storage: Storage,
  clock: Clock,
  app: AppRecord,
  token: string,
): Promise<TokenCheck> {
  const agora = await checkAgoraToken(storage, clock, app, token);
  if (agora) return agora;
  const record = await storage.tokens.find(hashToken(token));
  if (!record) return { ok: false, reason: 'unknown' };
  if (record.appId !== app.id) return { ok: false, reason: 'other-app' };
  if (record.expiresAt <= clock.now()) return { ok: false, reason: 'expired' };
  return { ok: true, token: record };
}

/**
 * checkToken, and for a user token its user must still exist and be activated: deactivation and deletion
 * take effect on REST at once, not when the token expires. A direct lookup on every request, no cache, so
 * every node of a cluster agrees the moment the store does. A vanished user reads as an unknown token.
 */
export async function checkLiveToken(
  storage: Storage,
  clock: Clock,
  app: AppRecord,
  token: string,
): Promise<LiveTokenCheck> {
  const check = await checkToken(storage, clock, app, token);
  if (!check.ok || check.token.username === undefined) return check;
  const user = await storage.users.find(app.id, check.token.username);
  if (!user) return { ok: false, reason: 'unknown' };
  return user.activated ? check : { ok: false, reason: 'user-deactivated' };
}
