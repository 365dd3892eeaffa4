// Measures what a login flood does to other users' send→ack latency (issue 13, item 2). Not a test: it
// prints p50/p99 send→ack for one user sending one message at a time, first alone (baseline), then while
// 400 wrong-password logins run 16 at a time from another process on the same machine (as an attacker's
// client would: its own CPU work is not on the server's event loop).
//   node --conditions=@confab/source --import tsx scripts/login-flood-canary.mjs [repo root] [mode]
// `repo root` (default: this checkout) lets the same script measure an older checkout; `mode` is
// `default` (the server's own settings) or `no-throttle` (login throttling off: the hashing pool alone).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(process.argv[2] ?? '.');
const mode = process.argv[3] ?? 'default';
const load = (p) => import(pathToFileURL(resolve(root, p)).href);
const { startTestServer } = await load('packages/server/src/testing.ts');
const { RawClient } = await load('packages/server/test/support/raw-client.ts');
const { login, register } = await load('packages/server/test/support/rest.ts');

const FLOOD = 400;
const CONCURRENCY = 16;
const off = { maxFailuresPerUser: 1e9, maxFailuresPerAddress: 1e9 };
const env = await startTestServer(mode === 'no-throttle' ? { hardening: { loginThrottle: off } } : {});
for (const u of ['alice', 'bob', 'victim']) await register(env, u);
const token = await login(env, 'alice');
const { client } = await RawClient.login(env.wsUrl, env.appKey, 'alice', token, 'canary');

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const summary = (xs) => `n=${xs.length} p50=${pct(xs, 50).toFixed(1)} ms p99=${pct(xs, 99).toFixed(1)} ms`;

async function canary(until) {
  const latencies = [];
  let i = 0;
  while (!until()) {
    const t0 = performance.now();
    await client.sendText('bob', `canary ${i++}`);
    latencies.push(performance.now() - t0);
  }
  return latencies;
}

let n = 0;
const baseline = await canary(() => ++n > 200);
console.log(`baseline            ${summary(baseline)}`);

// The attacker: its own process, 16 requests in flight, prints the count of each status at the end.
const attacker = `
const [url, total, concurrency] = process.argv.slice(1);
const statuses = {};
let next = 0;
await Promise.all(Array.from({ length: Number(concurrency) }, async () => {
  while (next < Number(total)) {
    next++;
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: 'victim', password: 'wrong' }) });
    await r.arrayBuffer();
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  }
}));
console.log(JSON.stringify(statuses));
`;
let done = false;
let statuses = '';
const t0 = performance.now();
const url = `${env.apiUrl}/${env.org}/${env.app}/token`;
const child = spawn(
  process.execPath,
  ['--input-type=module', '-e', attacker, url, String(FLOOD), String(CONCURRENCY)],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
child.stdout.on('data', (d) => (statuses += d));
const flood = new Promise((ok) => child.once('exit', ok)).then(() => (done = true));
const during = await canary(() => done);
await flood;
const floodMs = performance.now() - t0;
console.log(`during flood        ${summary(during)}`);
console.log(`flood (${mode}): ${FLOOD} logins in ${floodMs.toFixed(0)} ms, statuses ${statuses.trim()}`);
await client.close();
await env.close();
