// Local stand-ins for the three push services, speaking their real protocols on port 0, for the offline
// push tests: an RFC 8030 push service that checks the VAPID JWT (RFC 8292) and DECRYPTS the aes128gcm
// payload (RFC 8291) with the subscription's private key; an FCM HTTP v1 pair (OAuth2 token endpoint and
// messages:send); an APNs HTTP/2 server (h2c). Each records what it got and can be told to fail.
import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  hkdfSync,
  randomBytes,
  verify,
  type KeyObject,
} from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function readBody(req: IncomingMessage | http2.Http2ServerRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const listen = (s: Server | http2.Http2Server): Promise<number> =>
  new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

/** The JWT's parts; the signature checked (ES256 raw r||s or RS256) with `key`. */
export function verifyJwt(
  jwt: string,
  key: KeyObject,
): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [h, c, s] = jwt.split('.');
  if (!h || !c || !s) throw new Error('not a JWT');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>;
  const claims = JSON.parse(Buffer.from(c, 'base64url').toString()) as Record<string, unknown>;
  const data = Buffer.from(`${h}.${c}`);
  const sig = Buffer.from(s, 'base64url');
  const ok =
    header['alg'] === 'ES256'
      ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig)
      : verify('RSA-SHA256', data, key, sig);
  if (!ok) throw new Error('bad JWT signature');
  return { header, claims };
}

/** RFC 8291 §3.4 / RFC 8188: one aes128gcm record decrypted with the user agent's keys. */
export function decryptAes128gcm(
  body: Buffer,
  uaPrivate: Buffer,
  uaPublic: Buffer,
  authSecret: Buffer,
): string {
  const salt = body.subarray(0, 16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(uaPrivate);
  const shared = ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([
    decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
    decipher.final(),
  ]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('last record delimiter missing');
  return padded.subarray(0, end).toString('utf8');
}

/** A self-signed certificate for 127.0.0.1 (openssl), as PEM. */
export function selfSignedCert(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'confab-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PushedMessage {
  subscription: string;
  ttl: string | undefined;
  /** The VAPID JWT's claims (aud, exp, sub), signature verified. */
  vapid: Record<string, unknown>;
  vapidKey: string;
  /** The decrypted payload. */
  payload: string;
}

export interface WebPushService {
  url: string;
  received: PushedMessage[];
  /** A new browser subscription (its PushSubscription JSON) on this service. */
  subscribe(): string;
  /** The next `n` deliveries are answered 500 (or `status`). */
  failNext(n: number, status?: number): void;
  /** Deliveries are answered only after this long (0: at once). */
  delay(ms: number): void;
  close(): Promise<void>;
}

/** Plain HTTP, or HTTPS with `tls` (web-push itself only speaks HTTPS). */
export async function localWebPushService(tls?: { key: string; cert: string }): Promise<WebPushService> {
  const subs = new Map<string, { priv: Buffer; pub: Buffer; auth: Buffer }>();
  const received: PushedMessage[] = [];
  let failing = 0;
  let failStatus = 500;
  let delayMs = 0;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = await readBody(req);
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      const id = (req.url ?? '').replace(/^\/push\//, '');
      const sub = subs.get(id);
      if (req.method !== 'POST' || !sub) return res.writeHead(404).end();
      if (failing > 0) {
        failing--;
        return res.writeHead(failStatus).end('try later');
      }
      try {
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error('content-encoding');
        const m = /^vapid t=([^,]+),\s*k=(.+)$/.exec(String(req.headers.authorization));
        if (!m) throw new Error('no vapid authorization');
        const k = Buffer.from(m[2]!, 'base64url');
        const key = createPublicKey({
          key: {
            kty: 'EC',
            crv: 'P-256',
            x: k.subarray(1, 33).toString('base64url'),
            y: k.subarray(33).toString('base64url'),
          },
          format: 'jwk',
        });
        const { claims } = verifyJwt(m[1]!, key);
        received.push({
          subscription: id,
          ttl: req.headers.ttl as string | undefined,
          vapid: claims,
          vapidKey: m[2]!,
          payload: decryptAes128gcm(body, sub.priv, sub.pub, sub.auth),
        });
        res.writeHead(201, { location: `/message/${received.length}` }).end();
      } catch (err) {
        res.writeHead(400).end((err as Error).message);
      }
    })();
  };
  const server = tls ? createTlsServer(tls, handler) : createServer(handler);
  const port = await listen(server);
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    url,
    received,
    subscribe() {
      const ecdh = createECDH('prime256v1');
      const pub = ecdh.generateKeys();
      const auth = randomBytes(16);
      const id = randomBytes(8).toString('hex');
      subs.set(id, { priv: ecdh.getPrivateKey(), pub, auth });
      return JSON.stringify({
        endpoint: `${url}/push/${id}`,
        keys: { p256dh: pub.toString('base64url'), auth: auth.toString('base64url') },
      });
    },
    failNext(n, status = 500) {
      failing = n;
      failStatus = status;
    },
    delay(ms) {
      delayMs = ms;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface FcmService {
  url: string;
  tokenRequests: Recorded[];
  sends: Recorded[];
  failNext(n: number, status?: number, body?: string): void;
  close(): Promise<void>;
}

/** Token endpoint at /token, messages:send at /v1/projects/{id}/messages:send; access token "at-N". */
export async function localFcm(): Promise<FcmService> {
  const tokenRequests: Recorded[] = [];
  const sends: Recorded[] = [];
  let failing = 0;
  let failStatus = 500;
  let failBody = '{}';
  const server = createServer((req, res) => {
    void (async () => {
      const rec = { path: req.url ?? '', headers: req.headers, body: (await readBody(req)).toString() };
      if (req.url === '/token') {
        tokenRequests.push(rec);
        return res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            access_token: `at-${tokenRequests.length}`,
            expires_in: 3599,
            token_type: 'Bearer',
          }),
        );
      }
      sends.push(rec);
      if (failing > 0) {
        failing--;
        return res.writeHead(failStatus, { 'content-type': 'application/json' }).end(failBody);
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ name: 'projects/p/messages/1' }));
    })();
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    tokenRequests,
    sends,
    failNext(n, status = 500, body = '{}') {
      failing = n;
      failStatus = status;
      failBody = body;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface ApnsService {
  url: string;
  requests: Recorded[];
  failNext(n: number, status: number, reason: string): void;
  close(): Promise<void>;
}

/** An HTTP/2 (h2c) server answering like APNs: 200 with an apns-id, or the status and `{reason}`. */
export async function localApns(): Promise<ApnsService> {
  const requests: Recorded[] = [];
  let failing = 0;
  let failStatus = 400;
  let failReason = '';
  const server = http2.createServer((req, res) => {
    void (async () => {
      requests.push({ path: req.url, headers: { ...req.headers }, body: (await readBody(req)).toString() });
      if (failing > 0) {
        failing--;
        res.writeHead(failStatus, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ reason: failReason }));
      }
      res.writeHead(200, { 'apns-id': 'A1' });
      res.end();
    })();
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(n, status, reason) {
      failing = n;
      failStatus = status;
      failReason = reason;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
