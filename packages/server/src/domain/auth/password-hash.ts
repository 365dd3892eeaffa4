// Passwords are hashed with scrypt (memory-hard, in node:crypto, no native add-on to build).
// Stored as "scrypt$N$r$p$salt$hash" so parameters can be raised later without breaking old hashes.
// Synchronous on purpose: it runs on a hashing thread of its own (PasswordHasher port), and the async
// node:crypto scrypt would queue it on libuv's pool next to the disk syncs message acks wait for.
import { randomBytes, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;
const DEFAULTS = { N: 16384, r: 8, p: 1 } as const;

const derive = (password: string, salt: Buffer, opts: ScryptOptions): Buffer =>
  scryptSync(password, salt, KEY_LENGTH, { ...opts, maxmem: 64 * 1024 * 1024 });

export function hashPasswordSync(password: string): string {
  const salt = randomBytes(16);
  const key = derive(password, salt, DEFAULTS);
  return ['scrypt', DEFAULTS.N, DEFAULTS.r, DEFAULTS.p, salt.toString('base64'), key.toString('base64')].join(
    '$',
  );
}

export function verifyPasswordSync(password: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
