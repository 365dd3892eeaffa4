// Whether a user exists in the app, for apps that check a user id before opening a chat with it (the
// official SDK has no such call). Backed by GET /{org}/{app}/metadata/user/{username} (the server's
// single-user attribute read, any token of the app), which answers 404 for an unknown user.
import { ConfabError } from '@confab/protocol';
import type { Connection } from './connection.js';
import { restCall } from './rest-call.js';

/** Resolves true when `userId` is a user of the connection's app, false when it is not; rejects otherwise. */
export async function userExists(conn: Connection, userId: string): Promise<boolean> {
  try {
    await restCall(conn.accountContext(), 'GET', `/metadata/user/${encodeURIComponent(userId)}`);
    return true;
  } catch (err) {
    if (err instanceof ConfabError && (err.data as { status?: unknown } | undefined)?.status === 404)
      return false;
    throw err;
  }
}
