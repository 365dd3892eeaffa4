// Apple Push Notification service over HTTP/2 with token-based authentication. Config: { teamId, keyId,
// privateKey (the .p8 key, PEM), bundleId (the apns-topic), production (default true) } and an optional
// endpoint (tests, proxies; `http://` speaks h2c). The provider JWT (ES256, iss = team, kid = key) is
// reused for 50 minutes (Apple refuses tokens older than an hour and too frequent refreshes).
import { createPrivateKey, sign } from 'node:crypto';
import http2 from 'node:http2';
import { PushSendError, type PushProvider } from '../../domain/ports/push-provider.js';
import { b64url, str, url } from './config-fields.js';

const PRODUCTION = 'https://api.push.apple.com';
const SANDBOX = 'https://api.sandbox.push.apple.com';
const TOKEN_REUSE_MS = 50 * 60_000;

export interface ApnsOptions {
  timeoutMs: number;
  now: () => number;
}

export function apnsJwt(teamId: string, keyId: string, privateKey: string, nowMs: number): string {
  const header = b64url(JSON.stringify({ alg: 'ES256', kid: keyId }));
  const claims = b64url(JSON.stringify({ iss: teamId, iat: Math.floor(nowMs / 1000) }));
  const sig = sign('sha256', Buffer.from(`${header}.${claims}`), {
    key: createPrivateKey(privateKey),
    dsaEncoding: 'ieee-p1363',
  });
  return `${header}.${claims}.${b64url(sig)}`;
}

function request(
  origin: string,
  headers: http2.OutgoingHttpHeaders,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(origin);
    const fail = (err: Error) => {
      session.destroy();
      reject(new PushSendError(`apns unreachable: ${err.message}`, false, { cause: err }));
    };
    session.on('error', fail);
    session.setTimeout(timeoutMs, () => fail(new Error('timeout')));
    const req = session.request(headers);
    let status = 0;
    let text = '';
    req.setEncoding('utf8');
    req.on('response', (h) => (status = Number(h[':status'])));
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      session.close();
      resolve({ status, text });
    });
    req.on('error', fail);
    req.end(body);
  });
}

export function apnsProvider(o: ApnsOptions): PushProvider {
  const jwts = new Map<string, { value: string; until: number }>();
  const jwtFor = (config: Record<string, unknown>): string => {
    const key = `${str(config, 'teamId')}\u0000${str(config, 'keyId')}`;
    const hit = jwts.get(key);
    if (hit && hit.until > o.now()) return hit.value;
    const value = apnsJwt(str(config, 'teamId'), str(config, 'keyId'), str(config, 'privateKey'), o.now());
    jwts.set(key, { value, until: o.now() + TOKEN_REUSE_MS });
    return value;
  };
  return {
    kind: 'apns',
    check(config) {
      const production = config['production'] ?? true;
      if (typeof production !== 'boolean') throw new Error('production must be a boolean');
      const out: Record<string, unknown> = {
        teamId: str(config, 'teamId'),
        keyId: str(config, 'keyId'),
        privateKey: str(config, 'privateKey'),
        bundleId: str(config, 'bundleId'),
        production,
        endpoint: url(config, 'endpoint', production ? PRODUCTION : SANDBOX),
      };
      try {
        const k = createPrivateKey(out['privateKey'] as string);
        if (k.asymmetricKeyType !== 'ec') throw new Error('not EC');
      } catch {
        throw new Error('privateKey must be the PEM of an EC P-256 key (.p8)');
      }
      return out;
    },
    publicPart() {
      return {};
    },
    async send(config, token, n) {
      if (!/^[0-9a-fA-F]{16,200}$/.test(token)) throw new PushSendError('apns device token is not hex', true);
      const endpoint = url(config, 'endpoint', config['production'] === false ? SANDBOX : PRODUCTION);
      const payload = JSON.stringify({
        aps: { alert: { title: n.title, body: n.body }, sound: 'default' },
        ...n.data,
      });
      const r = await request(
        endpoint,
        {
          ':method': 'POST',
          ':path': `/3/device/${token}`,
          authorization: `bearer ${jwtFor(config)}`,
          'apns-topic': str(config, 'bundleId'),
          'apns-push-type': 'alert',
          'apns-priority': '10',
          'content-type': 'application/json',
        },
        payload,
        o.timeoutMs,
      );
      if (r.status === 200) return;
      let reason = '';
      try {
        const parsed = (JSON.parse(r.text) as { reason?: unknown }).reason;
        if (typeof parsed === 'string') reason = parsed;
      } catch {
        /* no JSON body */
      }
      if (reason === 'ExpiredProviderToken' || reason === 'InvalidProviderToken') jwts.clear();
      const dead = r.status === 410 || reason === 'BadDeviceToken' || reason === 'Unregistered';
      throw new PushSendError(`apns answered ${r.status} ${reason}`, dead);
    },
  };
}
