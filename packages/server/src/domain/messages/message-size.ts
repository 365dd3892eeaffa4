// What a message may weigh and how long its client-sent names may be (issue 13, item 4). Agora counts
// body + ext toward its 5 KB limit (agora-rest-api.md §4), so the size is every byte of the client's meta
// the server stores and relays: the encoded MessageBody and the meta's own ext. Names are bounded on
// their own so an operator who raises the size limit does not also allow megabyte resources or keys.
import { ConfabError, ErrorCode, msync, type KeyValue, type Meta, type MessageBody } from '@confab/protocol';

/** Encoded bytes of the message as stored: payload plus the meta's ext entries. */
export function messageBytes(meta: Meta): number {
  const ext = meta.ext?.length ? msync.Meta.encode({ ext: meta.ext }).length : 0;
  return (meta.payload?.length ?? 0) + ext;
}

/** Refuses (511, "Sorry, data is too large") a message over the app's `maxMessageBytes`. */
export function checkMessageSize(meta: Meta, maxMessageBytes: number): void {
  if (messageBytes(meta) > maxMessageBytes)
    throw new ConfabError(ErrorCode.MESSAGE_SIZE_LIMIT, 'Sorry, data is too large');
}

const tooLong = (what: string, max: number) =>
  new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, `${what} is longer than ${max} characters`);

const keysOf = (ext: readonly KeyValue[] | undefined) => (ext ?? []).map((kv) => kv.key ?? '');

/**
 * Refuses (-3) a message whose receiver name or ext keys exceed `maxFieldChars`. The sender's names are
 * not checked: the server replaces them with the authenticated user.
 */
export function checkMessageFields(meta: Meta, body: MessageBody, maxFieldChars: number): void {
  const names = [meta.to?.name, meta.to?.appKey, body.to?.name, body.to?.appKey];
  for (const name of names) if (name && name.length > maxFieldChars) throw tooLong('receiver', maxFieldChars);
  for (const key of [...keysOf(meta.ext), ...keysOf(body.ext)])
    if (key.length > maxFieldChars) throw tooLong('ext key', maxFieldChars);
}
