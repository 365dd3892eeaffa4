import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { restError } from '@confab/protocol';
import { hashToken, issueToken, type IssuedToken } from '../auth/tokens.js';
import type { Clock } from '../ports/clock.js';
import type { AppRecord, AppSettings, Storage } from '../ports/storage.js';
import { DEFAULT_APP_SETTINGS } from './app-settings.js';

export { DEFAULT_APP_SETTINGS } from './app-settings.js';

export interface CreatedApp {
  app: AppRecord;
  /** Shown once; only its hash is stored. */
  clientSecret: string;
}

export async function createApp(
  storage: Storage,
  clock: Clock,
  org: string,
  name: string,
  settings: Partial<AppSettings> = {},
): Promise<CreatedApp> {
  const clientSecret = randomBytes(24).toString('base64url');
  const app = await storage.apps.create({
    org,
    name,
    uuid: randomUUID(),
    clientId: `YXA6${randomBytes(16).toString('base64url')}`,
    clientSecretHash: hashToken(clientSecret),
    settings: { ...DEFAULT_APP_SETTINGS, ...settings },
    createdAt: clock.now(),
  });
  return { app, clientSecret };
}

/** grant_type=client_credentials: an app admin token. */
export async function clientCredentialsLogin(
  storage: Storage,
  clock: Clock,
  app: AppRecord,
  clientId: unknown,
  clientSecret: unknown,
): Promise<IssuedToken> {
  const ok =
    typeof clientId === 'string' &&
    typeof clientSecret === 'string' &&
    clientId === app.clientId &&
    timingSafeEqual(Buffer.from(hashToken(clientSecret)), Buffer.from(app.clientSecretHash));
  if (!ok) {
    throw restError('WEBIM_CONNCTION_AJAX_ERROR', 'invalidGrant', 'client_id or client_secret is invalid');
  }
  return issueToken(storage, clock, app, undefined);
}
