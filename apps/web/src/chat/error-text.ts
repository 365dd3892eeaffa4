// Turns anything thrown or emitted by the SDK into a message a person can read, always with its code.
import type { AppError } from './model.js';

let nextId = 1;

/** Hints for the codes people meet most; the SDK's own message is always shown as well. */
const hints: Readonly<Record<number, string>> = {
  1: 'Check the user id and password.',
  2: 'Check the app key.',
  16: 'The connection dropped.',
  28: 'The session token is no longer valid: log in again.',
  39: 'Not connected: wait for the connection to come back.',
  204: 'That user does not exist.',
  206: 'You logged in on another device.',
  221: 'This user takes messages from contacts only: send them a contact request first.',
  510: 'The connection dropped before the server confirmed the message.',
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

/** "Error 1: invalid password. Check the user id and password." */
export function describeError(error: Pick<AppError, 'code' | 'message'>): string {
  const hint = error.code === undefined ? undefined : hints[error.code];
  const head = error.code === undefined ? 'Error' : `Error ${error.code}`;
  return `${head}: ${error.message}${hint ? `. ${hint}` : ''}`;
}
