// A push service that delivers one notification to one device (adapters/push/*: Web Push, FCM HTTP v1,
// APNs). The worker (domain/push/push-worker.ts) gives it the app's configuration as stored (validated by
// the adapter's `check`), the device token and what to show.
import type { PushNotification, PushProviderKind } from './push-delivery.js';

/** A failed send. `permanent`: the token is dead (unsubscribed, unregistered): drop the job and the token. */
export class PushSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PushSendError';
  }
}

export interface PushProvider {
  readonly kind: PushProviderKind;
  /** Validates an operator's configuration; returns it normalised, or throws an Error naming the field. */
  check(config: Record<string, unknown>): Record<string, unknown>;
  /** Fields of a configuration that clients may see (Web Push: the VAPID public key). */
  publicPart(config: Record<string, unknown>): Record<string, unknown>;
  /** Throws PushSendError. */
  send(config: Record<string, unknown>, token: string, n: PushNotification): Promise<void>;
}
