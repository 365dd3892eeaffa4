// Confab extensions for long-running apps (the official SDK has neither): a fresh token for the session's
// still valid one (POST …/sdk/users/{me}/token), to hand to renewToken before the old one expires, and
// the app's client settings (GET …/sdk/client-settings: recall and edit windows, user id rules), which
// need no login, and what history does not carry (GET …/sdk/users/{me}/conversation-state: which of
// one's sent messages the peer has read, and the recalled messages), for a new device.
import type { Connection } from './connection.js';
import { restCall } from './rest-call.js';
import { sdkErrors } from './sdk-errors.js';

export interface FreshToken {
  accessToken: string;
  /** Seconds the new token lives. */
  expiresIn: number;
  /** Epoch ms when it expires. */
  expiresAt: number;
}

export interface ClientSettings {
  /** How long after sending a message it may be recalled, seconds. */
  recallWindowSeconds: number;
  editWindowSeconds: number;
  maxEditCount: number;
  openRegistration: boolean;
  tokenTtlSeconds: number;
  /** The user id rules registration applies. */
  username: { pattern: string; maxLength: number; text: string };
}

/**
 * A new token for the logged-in user, issued for the session's current (still valid) token. Adopt it with
 * `conn.renewToken(fresh.accessToken)`; the old token stays valid until it expires.
 */
export async function requestFreshToken(conn: Connection): Promise<FreshToken> {
  if (!conn.isOpened()) throw sdkErrors.notLogin();
  const ctx = conn.accountContext();
  const body = await restCall(ctx, 'POST', `/sdk/users/${encodeURIComponent(ctx.user)}/token`);
  return {
    accessToken: String(body['access_token']),
    expiresIn: Number(body['expires_in']),
    expiresAt: Number(body['expire_timestamp']),
  };
}

/** The app's client settings; no login needed (a registration form shows the user id rules). */
export async function getClientSettings(conn: Connection): Promise<ClientSettings> {
  const body = await restCall(conn.accountContext(), 'GET', '/sdk/client-settings');
  const { type: _type, ...settings } = body;
  return settings as unknown as ClientSettings;
}

export interface ConversationState {
  /** Server ids of one's own messages (among the newest 200) the peer has read; empty for a group. */
  read: string[];
  /** Recalled messages (among the newest 200 recalled), newest first. */
  recalled: { id: string; from: string; to: string; time: number }[];
}

/** Read state and recalls of one conversation, as the server has them. */
export async function getConversationState(
  conn: Connection,
  params: { conversationId: string; conversationType: 'singleChat' | 'groupChat' },
): Promise<ConversationState> {
  if (!conn.isOpened()) throw sdkErrors.notLogin();
  const ctx = conn.accountContext();
  const body = await restCall<{ data: ConversationState }>(
    ctx,
    'GET',
    `/sdk/users/${encodeURIComponent(ctx.user)}/conversation-state`,
    { query: { conversationId: params.conversationId, conversationType: params.conversationType } },
  );
  return body.data;
}
