// Web Push (RFC 8030 delivery, RFC 8291 aes128gcm payload encryption, RFC 8292 VAPID) through the
// `web-push` package. Config: { vapidPublicKey, vapidPrivateKey, subject } (`npx web-push
// generate-vapid-keys`); the device token is the browser's PushSubscription as JSON.
import { Agent } from 'node:https';
import webpush from 'web-push';
import { PushSendError, type PushProvider } from '../../domain/ports/push-provider.js';
import { str } from './config-fields.js';

export interface WebPushOptions {
  timeoutMs: number;
  /** Seconds the push service keeps an undelivered notification. */
  ttlSeconds: number;
  /** Extra trusted CAs (PEM) for push service connections (CONFAB_PUSH_CA_FILE). */
  ca?: string | undefined;
}

interface Subscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

function subscription(token: string): Subscription {
  let v: unknown;
  try {
    v = JSON.parse(token);
  } catch {
    throw new PushSendError('web push token is not a subscription (JSON)', true);
  }
  const s = v as Partial<Subscription>;
  if (
    typeof s?.endpoint !== 'string' ||
    typeof s.keys?.p256dh !== 'string' ||
    typeof s.keys.auth !== 'string'
  )
    throw new PushSendError('web push subscription lacks endpoint or keys', true);
  return { endpoint: s.endpoint, keys: { p256dh: s.keys.p256dh, auth: s.keys.auth } };
}

export function webPushProvider(o: WebPushOptions): PushProvider {
  const agent = o.ca === undefined ? undefined : new Agent({ ca: o.ca, keepAlive: true });
  return {
    kind: 'webpush',
    check(config) {
      const out = {
        vapidPublicKey: str(config, 'vapidPublicKey'),
        vapidPrivateKey: str(config, 'vapidPrivateKey'),
        subject: str(config, 'subject'),
      };
      if (!/^(mailto:|https?:)/.test(out.subject)) throw new Error('subject must be a mailto: or https: URL');
      // Throws on malformed keys; touches no global state (unlike setVapidDetails).
      webpush.getVapidHeaders(
        'https://push.example',
        out.subject,
        out.vapidPublicKey,
        out.vapidPrivateKey,
        'aes128gcm',
      );
      return out;
    },
    publicPart(config) {
      return { vapidPublicKey: config['vapidPublicKey'] };
    },
    async send(config, token, n) {
      const sub = subscription(token);
      try {
        await webpush.sendNotification(sub, JSON.stringify(n), {
          vapidDetails: {
            subject: str(config, 'subject'),
            publicKey: str(config, 'vapidPublicKey'),
            privateKey: str(config, 'vapidPrivateKey'),
          },
          TTL: o.ttlSeconds,
          contentEncoding: 'aes128gcm',
          timeout: o.timeoutMs,
          ...(agent ? { agent } : {}),
        });
      } catch (err) {
        const status = (err as { statusCode?: number }).statusCode;
        // 404 / 410: the subscription is gone (RFC 8030 §7.3); anything else may pass.
        throw new PushSendError(
          `web push failed${status ? ` (HTTP ${status})` : ''}: ${(err as Error).message}`,
          status === 404 || status === 410,
          { cause: err },
        );
      }
    },
  };
}
