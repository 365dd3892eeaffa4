// Issue 13, item 6 figure: frames delivered for 100 messages to a user with 1,000 sockets logged in with
// one resource. A measurement, not a test (run from the source):
// `node --conditions=@confab/source --import tsx scripts/measure-same-resource.ts [sockets] [messages]`.
// Counts every frame any of the user's sockets receives after all logins, until 2 s of quiet.
import {
  Command,
  ContentType,
  Domain,
  MessageType,
  NameSpace,
  StatusCode,
  frames,
  msync,
} from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import WebSocket from 'ws';

const SOCKETS = Number(process.argv[2] ?? 1000);
const MESSAGES = Number(process.argv[3] ?? 100);

async function token(env: TestServer, username: string): Promise<string> {
  const base = `${env.apiUrl}/${env.org}/${env.app}`;
  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<Record<string, unknown>>);
  await post('/users', { username, password: 'secret-pw' });
  const t = await post('/token', { grant_type: 'password', username, password: 'secret-pw' });
  return t['access_token'] as string;
}

/** Opens and provisions a socket; `onFrame` sees every frame after the login answer. */
async function open(
  env: TestServer,
  user: string,
  tok: string,
  resource: string,
  onFrame: (d: Buffer) => void,
) {
  const ws = new WebSocket(env.wsUrl);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let provisioned!: () => void;
  const done = new Promise<void>((resolve) => (provisioned = resolve));
  let first = true;
  ws.on('message', (data: Buffer) => {
    if (first && msync.MSync.decode(data).command === Command.PROVISION) {
      first = false;
      return provisioned();
    }
    onFrame(data);
  });
  ws.send(
    frames.provision(
      { resource },
      {
        guid: { appKey: env.appKey, name: user, domain: Domain.USER, clientResource: resource },
        auth: `$t$${tok}`,
      },
    ),
  );
  await done;
  return ws;
}

const env = await startTestServer({ limits: { sendBurst: 1_000_000, maxSocketsPerUser: 10_000 } });
const bobToken = await token(env, 'bob');
const aliceToken = await token(env, 'alice');
let framesToBob = 0;
let counting = false;
let lastFrameAt = Date.now();
const bobs: WebSocket[] = [];
for (let i = 0; i < SOCKETS; i++)
  bobs.push(
    await open(env, 'bob', bobToken, 'same-device', () => {
      if (counting) framesToBob++;
      lastFrameAt = Date.now();
    }),
  );
await new Promise((r) => setTimeout(r, 500));
const openSockets = bobs.filter((w) => w.readyState === WebSocket.OPEN).length;

let acked = 0;
const alice = await open(env, 'alice', aliceToken, 'a', (d) => {
  const env2 = msync.MSync.decode(d);
  if (env2.command !== Command.SYNC) return;
  const dl = msync.CommSyncDL.decode(env2.payload!);
  if ((dl.status?.errorCode ?? StatusCode.OK) === StatusCode.OK && dl.metaId) acked++;
});
counting = true;
for (let i = 0; i < MESSAGES; i++) {
  const payload = msync.MessageBody.encode({
    type: MessageType.CHAT,
    to: { name: 'bob' },
    contents: [{ type: ContentType.TEXT, text: `m${i}` }],
  });
  alice.send(
    frames.syncUL({
      meta: {
        id: String(1_000_000 + i),
        to: { appKey: env.appKey, name: 'bob', domain: Domain.USER },
        ns: NameSpace.CHAT,
        payload,
      },
    }),
  );
}
while (Date.now() - lastFrameAt < 2000 || acked < MESSAGES) await new Promise((r) => setTimeout(r, 200));
console.log(
  JSON.stringify({ sockets: SOCKETS, stillOpen: openSockets, messages: MESSAGES, acked, framesToBob }),
);
for (const w of [...bobs, alice]) w.terminate();
await env.close();
