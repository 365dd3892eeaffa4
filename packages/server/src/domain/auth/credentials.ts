// What the password paths (login, registration, password change) need besides storage: the hasher off
// the event loop's thread pool and the per-node throttle. One field of the server context.
import type { Clock } from '../ports/clock.js';
import type { PasswordHasher } from '../ports/password-hasher.js';
import type { Storage } from '../ports/storage.js';
import type { LoginThrottle } from './login-throttle.js';

export interface Credentials {
  readonly hasher: PasswordHasher;
  readonly throttle: LoginThrottle;
}

export interface CredentialDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly credentials: Credentials;
}
