// Firebase Cloud Messaging HTTP v1. Config: the service account's { projectId, clientEmail, privateKey }
// (from its JSON key file: project_id, client_email, private_key), optional tokenUri and endpoint (tests
// and proxies). An OAuth2 access token is obtained with a signed JWT (RFC 7523 grant) and kept until
// shortly before it expires; then POST {endpoint}/v1/projects/{projectId}/messages:send.
import { createPrivateKey, createSign } from 'node:crypto';
import { PushSendError, type PushProvider } from '../../domain/ports/push-provider.js';
import { b64url, str, url } from './config-fields.js';

export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const TOKEN_URI = 'https://oauth2.googleapis.com/token';
const ENDPOINT = 'https://fcm.googleapis.com';

export interface FcmOptions {
  timeoutMs: number;
  now: () => number;
}

export function serviceAccountJwt(
  clientEmail: string,
  privateKey: string,
  aud: string,
  nowMs: number,
): string {
  const iat = Math.floor(nowMs / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = b64url(JSON.stringify({ iss: clientEmail, scope: FCM_SCOPE, aud, iat, exp: iat + 3600 }));
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${claims}`);
  return `${header}.${claims}.${b64url(signer.sign(createPrivateKey(privateKey)))}`;
}

async function post(
  u: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  try {
    const r = await fetch(u, { ...init, method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
    return { status: r.status, text: await r.text() };
  } catch (err) {
    throw new PushSendError(`fcm unreachable: ${(err as Error).message}`, false, { cause: err });
  }
}

export function fcmProvider(o: FcmOptions): PushProvider {
  const tokens = new Map<string, { value: string; until: number }>();
  async function accessToken(config: Record<string, unknown>): Promise<string> {
    const tokenUri = url(config, 'tokenUri', TOKEN_URI);
    const email = str(config, 'clientEmail');
    const key = `${tokenUri}\u0000${email}`;
    const hit = tokens.get(key);
    if (hit && hit.until > o.now()) return hit.value;
    const assertion = serviceAccountJwt(email, str(config, 'privateKey'), tokenUri, o.now());
    const r = await post(
      tokenUri,
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion,
        }).toString(),
      },
      o.timeoutMs,
    );
    let body: { access_token?: unknown; expires_in?: unknown } = {};
    try {
      body = JSON.parse(r.text) as typeof body;
    } catch {
      /* handled below */
    }
    if (r.status !== 200 || typeof body.access_token !== 'string')
      throw new PushSendError(`fcm token endpoint answered ${r.status}: ${r.text.slice(0, 200)}`, false);
    const ttl = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    tokens.set(key, { value: body.access_token, until: o.now() + Math.max(0, ttl - 60) * 1000 });
    return body.access_token;
  }
  return {
    kind: 'fcm',
    check(config) {
      const out: Record<string, unknown> = {
        projectId: str(config, 'projectId'),
        clientEmail: str(config, 'clientEmail'),
        privateKey: str(config, 'privateKey'),
        tokenUri: url(config, 'tokenUri', TOKEN_URI),
        endpoint: url(config, 'endpoint', ENDPOINT),
      };
      try {
        createPrivateKey(out['privateKey'] as string);
      } catch {
        throw new Error('privateKey must be a PEM private key');
      }
      return out;
    },
    publicPart() {
      return {};
    },
    async send(config, token, n) {
      const bearer = await accessToken(config);
      const endpoint = url(config, 'endpoint', ENDPOINT);
      const r = await post(
        `${endpoint}/v1/projects/${encodeURIComponent(str(config, 'projectId'))}/messages:send`,
        {
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify({
            message: { token, notification: { title: n.title, body: n.body }, data: n.data },
          }),
        },
        o.timeoutMs,
      );
      if (r.status === 200) return;
      if (r.status === 401) tokens.clear();
      // 404 / UNREGISTERED: the app was uninstalled or the token expired (FCM docs, "ErrorCode").
      const dead = r.status === 404 || r.text.includes('UNREGISTERED');
      throw new PushSendError(`fcm answered ${r.status}: ${r.text.slice(0, 200)}`, dead);
    },
  };
}
