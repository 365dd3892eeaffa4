// Cursors of thread lists and member lists: the (time, key) of the last item of a page, URL-safe.
export const encodeOrderCursor = (at: number, key: string): string =>
  Buffer.from(`${at}:${key}`, 'utf8').toString('base64url');

/** The bound after which the next page starts; an unreadable cursor starts at the beginning. */
export function decodeOrderCursor(cursor: string | undefined): { at: number; key: string } {
  if (!cursor) return { at: -1, key: '' };
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  const at = Number(text.slice(0, colon));
  if (colon < 0 || !Number.isSafeInteger(at)) return { at: -1, key: '' };
  return { at, key: text.slice(colon + 1) };
}
