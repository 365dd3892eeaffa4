// The file behind a combined (forwarded) message, as the official downloadAndParseCombineMessage reads it:
// "cm", then per message a 4-byte big-endian length and an easemob.pb.Meta, then one checksum byte that is
// the XOR of the bytes at odd offsets between the header and the checksum.
import { ConfabError, ErrorCode, NameSpace, msync } from '@confab/protocol';
import type { Meta } from '@confab/protocol';

const HEADER = [0x63, 0x6d]; // "cm"

function checksum(bytes: Uint8Array, end: number): number {
  let x = 0;
  for (let i = 2; i < end; i++) if (i % 2 === 1) x ^= bytes[i]!;
  return x;
}

const parseError = (message: string, cause?: unknown) =>
  new ConfabError(ErrorCode.PARSE_FILE_ERROR, message, cause === undefined ? undefined : { cause });

/** The CHAT metas of a combine file; rejects like the official SDK (PARSE_FILE_ERROR) on a bad file. */
export function parseCombineFile(bytes: Uint8Array): Meta[] {
  const end = bytes.length - 1;
  if (bytes.length < 3 || bytes[end] !== checksum(bytes, end)) throw parseError('File verification failed');
  if (bytes[0] !== HEADER[0] || bytes[1] !== HEADER[1]) throw parseError('File verification failed');
  const metas: Meta[] = [];
  try {
    let at = 2;
    while (at < end) {
      if (at + 4 > end) throw new Error('truncated length');
      const length = new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0);
      at += 4;
      if (at + length > end) throw new Error('truncated meta');
      metas.push(msync.Meta.decode(bytes.subarray(at, at + length)));
      at += length;
    }
  } catch (error) {
    throw parseError('Parse file failed', error);
  }
  return metas.filter((m) => (m.ns ?? NameSpace.CHAT) === NameSpace.CHAT);
}

/** Builds a combine file from metas (what a sender uploads before sending a `combine` message). */
export function buildCombineFile(metas: readonly Meta[]): Uint8Array<ArrayBuffer> {
  const parts = metas.map((m) => msync.Meta.encode(m));
  const size = 2 + parts.reduce((n, p) => n + 4 + p.length, 0) + 1;
  const out = new Uint8Array(size);
  out.set(HEADER, 0);
  let at = 2;
  for (const p of parts) {
    new DataView(out.buffer).setUint32(at, p.length);
    out.set(p, at + 4);
    at += 4 + p.length;
  }
  out[size - 1] = checksum(out, size - 1);
  return out;
}
