// The server-level operator credential (creating and listing apps). Either configured
// (CONFAB_ADMIN_TOKEN, never stored) or generated at the first start of an empty store: then only its
// SHA-256 is stored and the token itself is shown once, like an app's client secret.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Storage } from '../ports/storage.js';
import { hashToken } from './tokens.js';

const META_KEY = 'operator_token_sha256';

export interface OperatorToken {
  /** SHA-256 (hex) of the valid operator token. */
  hash: string;
  /** The token, only on the start that generated it. */
  created: string | undefined;
}

export async function prepareOperatorToken(
  storage: Storage,
  configured: string | undefined,
): Promise<OperatorToken> {
  if (configured) return { hash: hashToken(configured), created: undefined };
  const stored = await storage.meta.get(META_KEY);
  if (stored) return { hash: stored, created: undefined };
  const token = `op_${randomBytes(32).toString('base64url')}`;
  if (await storage.meta.putIfAbsent(META_KEY, hashToken(token)))
    return { hash: hashToken(token), created: token };
  // Another node of the cluster generated it first.
  const winner = await storage.meta.get(META_KEY);
  if (!winner) throw new Error('operator token vanished from the store');
  return { hash: winner, created: undefined };
}

export function isOperatorToken(hash: string, token: string | undefined): boolean {
  if (!token) return false;
  return timingSafeEqual(Buffer.from(hashToken(token)), Buffer.from(hash));
}
