// Password hashing is deliberately slow (scrypt, tens of ms of CPU each). Behind a port so that the
// server runs it on threads of its own (adapters/crypto/scrypt-worker-pool.ts) and never on libuv's
// shared pool, where every message ack waits for its fdatasync.
export interface PasswordHasher {
  /** The stored form of a new password. */
  hash(password: string): Promise<string>;
  /** Whether `password` matches a stored hash. */
  verify(password: string, stored: string): Promise<boolean>;
  close(): Promise<void>;
}
