// Turns anything thrown or emitted by the SDK into a sentence a person can read, always with its code:
// "That user ID is taken (code 17)". Codes (and, where one code covers several cases, the server's text)
// map to readable sentences; anything unknown shows the SDK's own message with its code.
import type { AppError } from './model.js';

let nextId = 1;

/** Readable sentences by code; a function reads the SDK's message where one code means several things. */
const readable: Readonly<Record<number, string | ((message: string) => string | undefined)>> = {
  [-1]: 'The server did not answer in time.',
  [-2]: 'The server could not be reached.',
  1: (m) => (/password|user/i.test(m) ? 'Wrong user ID or password.' : 'The server refused the login.'),
  2: 'The app key is not known to this server.',
  14: 'The app key is not known to this server.',
  16: 'The connection dropped.',
  17: (m) => {
    if (/unique|duplicate/i.test(m)) return 'That user ID is taken: choose another one.';
    if (/USERNAME .* is not legal/i.test(m)) return 'That user ID is not allowed (see the rules below it).';
    if (/password is not legal/i.test(m)) return 'The password must be 1 to 64 bytes long.';
    if (/nickname is not legal/i.test(m)) return 'The nickname is too long (at most 64 characters).';
    if (/too many|429/i.test(m)) return 'Too many attempts from this address: wait a minute and try again.';
    return undefined;
  },
  28: 'The session is no longer valid: log in again.',
  32: 'Not connected: the message waits until the connection is back.',
  39: 'Not connected: log in again.',
  40: 'The server refused the login.',
  52: 'You are not allowed to do that.',
  56: 'The session expired: log in again.',
  204: 'That user does not exist.',
  206: 'You logged in on another device, so this one was logged out.',
  207: 'Your account was removed.',
  216: 'Your password was changed: log in again.',
  217: 'Another of your devices logged this one out.',
  221: 'This user takes messages from contacts only: send them a contact request first.',
  222: 'You may not download this file.',
  223: 'This file has expired on the server.',
  500: 'The server is busy: try again in a moment.',
  504: 'Too late to recall this message: the recall window has passed.',
  505: 'This feature is switched off for this app.',
  507: 'You are muted here.',
  510: 'The connection dropped before the server confirmed the message.',
  511: 'The message is too large.',
  512: 'The server did not confirm the message in time.',
  603: 'This user has blocked you: the message was not delivered.',
};

export function toAppError(err: unknown, context: string): AppError {
  const e = err as { type?: unknown; message?: unknown; data?: unknown } | null | undefined;
  const code = typeof e?.type === 'number' ? e.type : undefined;
  let message =
    typeof e?.message === 'string' && e.message !== ''
      ? e.message
      : typeof err === 'string' && err !== ''
        ? err
        : 'unknown error';
  const inner = (e?.data as { type?: unknown; message?: unknown } | undefined) ?? undefined;
  if (inner && typeof inner.message === 'string' && inner.message !== message) {
    message += ` (${inner.message}${typeof inner.type === 'number' ? `, code ${inner.type}` : ''})`;
  }
  return { id: nextId++, code, message, context, time: Date.now() };
}

/** The readable sentence for an error, when there is one (undefined: only the SDK's message). */
export function readableText(error: Pick<AppError, 'code' | 'message'>): string | undefined {
  if (error.code === undefined) return undefined;
  const entry = readable[error.code];
  return typeof entry === 'function' ? entry(error.message) : entry;
}

/**
 * "That user ID is taken: choose another one. (code 17)"; without a readable sentence the SDK's message,
 * capitalised: "Request failed (code 999)". The code always stays visible.
 */
export function describeError(error: Pick<AppError, 'code' | 'message'>): string {
  const text = readableText(error) ?? sentence(error.message);
  return error.code === undefined ? text : `${text} (code ${error.code})`;
}

function sentence(message: string): string {
  const s = message.trim() || 'Unknown error';
  return s.charAt(0).toUpperCase() + s.slice(1);
}
