// Agora's own tokens (AccessToken2, "007…"), as an app server mints them with Agora's token builder
// (`agora-token` ChatTokenBuilder.buildUserToken / buildAppToken) from the App ID and App Certificate.
// Layout (little-endian): "007" + base64(zlib deflate(content)), content = bytes(signature) + signing info;
// signing info = string(appId) uint32(issueTs) uint32(expire) uint32(salt) uint16(serviceCount) services;
// a service = uint16(type) uint16(n) n×(uint16 privilege, uint32 expire) + its fields (chat: string(userId)).
// bytes/string = uint16 length + bytes. signature = HMAC-SHA256(key, signing info) with
// key = HMAC(key uint32 salt, HMAC(key uint32 issueTs, certificate)). Expiries are seconds after issueTs.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { inflateSync } from 'node:zlib';

const VERSION = '007';
const SERVICE_CHAT = 5;
const PRIVILEGE_CHAT_USER = 1;
const PRIVILEGE_CHAT_APP = 2;
/** Agora's service types and the fields each carries after its privileges (to step over them). */
const SERVICE_FIELDS: Record<number, readonly ('string' | 'int16' | 'rtm2')[]> = {
  1: ['string', 'string'], // RTC: channel, uid
  2: ['string'], // RTM: user id
  3: ['string', 'string'], // streaming
  4: [], // FPA
  5: ['string'], // chat: user id
  6: ['string', 'string'], // FCDN
  7: ['string', 'string', 'int16'], // APaaS
  8: ['rtm2'],
  9: [],
  10: [],
};

/** What a well-signed token grants: a chat user (by Agora user id / UUID) or the app (admin). */
export interface AgoraChatGrant {
  kind: 'user' | 'app';
  /** The chat service's user id (buildUserToken's `userUuid`); '' for an app token. */
  userId: string;
  /** epoch ms of issue */
  issuedAt: number;
  /** epoch ms after which the grant is void (the token's and the privilege's expiry, whichever is first) */
  expiresAt: number;
}

export const looksLikeAgoraToken = (token: string): boolean => token.startsWith(VERSION) && token.length > 40;

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  u16(): number {
    const v = this.buf.readUInt16LE(this.at);
    this.at += 2;
    return v;
  }
  u32(): number {
    const v = this.buf.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }
  bytes(): Buffer {
    const n = this.u16();
    if (this.at + n > this.buf.length) throw new RangeError('token field past its end');
    const out = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  rest(): Buffer {
    return this.buf.subarray(this.at);
  }
}

const hmac = (key: Buffer, message: Buffer): Buffer => createHmac('sha256', key).update(message).digest();
const u32le = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
};

function skipFields(r: Reader, fields: readonly ('string' | 'int16' | 'rtm2')[]): void {
  for (const f of fields) {
    if (f === 'string') r.bytes();
    else if (f === 'int16') r.u16();
    else {
      r.bytes();
      const types = r.u16();
      for (let i = 0; i < types; i++) {
        r.u16();
        const perms = r.u16();
        for (let j = 0; j < perms; j++) {
          r.u16();
          const n = r.u16();
          for (let k = 0; k < n; k++) r.bytes();
        }
      }
    }
  }
}

/**
 * The chat grant of an AccessToken2 signed with this App ID and certificate, else undefined (not a 007
 * token, malformed, another App ID, bad signature, or no chat privilege). Expiry is not judged here.
 */
export function verifyAgoraChatToken(
  token: string,
  appId: string,
  appCertificate: string,
): AgoraChatGrant | undefined {
  if (!looksLikeAgoraToken(token) || !appId || !appCertificate) return undefined;
  try {
    const content = inflateSync(Buffer.from(token.slice(VERSION.length), 'base64'), {
      maxOutputLength: 64 * 1024,
    });
    const outer = new Reader(content);
    const signature = outer.bytes();
    const signingInfo = outer.rest();
    const r = new Reader(signingInfo);
    const tokenAppId = r.bytes().toString('utf8');
    const issueTs = r.u32();
    const expire = r.u32();
    const salt = r.u32();
    if (tokenAppId !== appId) return undefined;
    const key = hmac(u32le(salt), hmac(u32le(issueTs), Buffer.from(appCertificate, 'utf8')));
    const expected = hmac(key, signingInfo);
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return undefined;
    const count = r.u16();
    for (let i = 0; i < count; i++) {
      const type = r.u16();
      const privileges = new Map<number, number>();
      const n = r.u16();
      for (let j = 0; j < n; j++) privileges.set(r.u16(), r.u32());
      if (type === SERVICE_CHAT) {
        const userId = r.bytes().toString('utf8');
        const user = privileges.get(PRIVILEGE_CHAT_USER);
        const app = privileges.get(PRIVILEGE_CHAT_APP);
        const granted = app !== undefined ? app : user;
        if (granted === undefined) return undefined;
        const kind = app !== undefined ? 'app' : 'user';
        if (kind === 'user' && userId === '') return undefined;
        return {
          kind,
          userId: kind === 'app' ? '' : userId,
          issuedAt: issueTs * 1000,
          expiresAt: (issueTs + Math.min(expire, granted)) * 1000,
        };
      }
      const fields = SERVICE_FIELDS[type];
      if (!fields) return undefined; // an unknown service: its length cannot be known
      skipFields(r, fields);
    }
    return undefined;
  } catch {
    return undefined;
  }
}
