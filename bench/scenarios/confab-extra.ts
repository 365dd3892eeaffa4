// Confab scenarios beyond the message streams: login storm, offline backlog drain and idle connections.
// Each uses a dedicated app allowing 100 devices per user (lib/confab-app.ts).
import { sourceAddresses } from '../baselines/raw-ws-relay.js';
import { BENCH_PASSWORD, confabSqlite, confabUsers, type ConfabBench } from '../lib/confab-app.js';
import { pool, waitFor } from '../lib/drive.js';
import { MsyncDevice } from '../lib/msync-device.js';
import { raiseNoFile } from '../lib/procs.js';
import type { BacklogResult, IdleResult, LoginStormResult } from '../lib/results.js';
import { cpuSeconds, cpuSecondsOf, rssBytes, summarize, usPer } from '../lib/stats.js';

const DEVICE_LIMIT = 100;

/** `n` devices (over `users` users) provisioning at once with tokens issued beforehand. */
export async function confabLoginStorm(
  cb: ConfabBench,
  n: number,
  users: number,
  prefix: string,
): Promise<LoginStormResult> {
  const names = Array.from({ length: users }, (_, i) => `${prefix}l${i}`);
  const tokens = await confabUsers(cb.app, names);
  const pids = cb.nodes.map((x) => x.child.pid!);
  const devices: MsyncDevice[] = [];
  const lat: number[] = [];
  let failed = 0;
  let firstError = '';
  const cpu0 = pids.reduce((a, p) => a + cpuSeconds(p), 0);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const node = cb.nodes[i % cb.nodes.length]!;
      const user = names[i % users]!;
      const s = performance.now();
      try {
        devices.push(
          await MsyncDevice.login(node.wsUrl, cb.app.appKey, user, tokens.get(user)!, {
            resource: `d${Math.floor(i / users)}`,
          }),
        );
        lat.push(performance.now() - s);
      } catch (err) {
        failed++;
        firstError ||= (err as Error).message;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = pids.reduce((a, p) => a + cpuSeconds(p), 0) - cpu0;
  for (const d of devices) d.close();
  if (failed) console.log(`    ${failed} logins failed: ${firstError}`);
  const s = summarize(lat);
  return {
    scenario: 'login-storm',
    backend: cb.label,
    what: 'WebSocket + PROVISION with a token',
    credential: 'token',
    clients: n,
    ok: devices.length,
    failed,
    seconds: Number(seconds.toFixed(2)),
    loginsPerSec: Math.round(devices.length / seconds),
    latencyMs: { p50: s.p50, p99: s.p99, max: s.max },
    serverCpuSecPer1000: Number(((cpu / Math.max(1, devices.length)) * 1000).toFixed(3)),
    serverCpuUsPerLogin: usPer(cpu, devices.length),
  };
}

/**
 * `n` devices (over `users` users) logging in at once by password, as the SDK's `open({ user, pwd })`
 * does: the REST token request with the password (`grant_type: password`, one scrypt check on the
 * server), then WebSocket + PROVISION with that token. Logins/s by password, next to the token storm.
 */
export async function confabPasswordLoginStorm(
  cb: ConfabBench,
  n: number,
  users: number,
  prefix: string,
): Promise<LoginStormResult> {
  const names = Array.from({ length: users }, (_, i) => `${prefix}p${i}`);
  await confabUsers(cb.app, names);
  const pids = cb.nodes.map((x) => x.child.pid!);
  const devices: MsyncDevice[] = [];
  const lat: number[] = [];
  let failed = 0;
  let retries = 0;
  let firstError = '';
  const cpu0 = cpuSecondsOf(pids);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const node = cb.nodes[i % cb.nodes.length]!;
      const user = names[i % users]!;
      const s = performance.now();
      try {
        // The hasher's queue is bounded: past it the server answers 429 with a delay, and the client
        // retries after it (the time counts; the retries are reported).
        let res: Response;
        let body: { access_token?: string };
        for (let attempt = 0; ; attempt++) {
          res = await fetch(`${node.apiUrl}/${cb.app.appKey.replace('#', '/')}/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ grant_type: 'password', username: user, password: BENCH_PASSWORD }),
          });
          body = (await res.json()) as { access_token?: string };
          if (res.status !== 429 || attempt >= 60) break;
          retries++;
          const after = Number(res.headers.get('retry-after'));
          await new Promise((r) => setTimeout(r, (after > 0 ? after : 1) * 1000));
        }
        if (res.status !== 200 || !body.access_token)
          throw new Error(`token by password: ${res.status} ${JSON.stringify(body)}`);
        devices.push(
          await MsyncDevice.login(node.wsUrl, cb.app.appKey, user, body.access_token, {
            resource: `p${Math.floor(i / users)}`,
          }),
        );
        lat.push(performance.now() - s);
      } catch (err) {
        failed++;
        firstError ||= (err as Error).message;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSecondsOf(pids) - cpu0;
  for (const d of devices) d.close();
  if (failed) console.log(`    ${failed} password logins failed: ${firstError}`);
  const s = summarize(lat);
  return {
    scenario: 'login-storm',
    backend: cb.label,
    what: 'REST token by password (scrypt) + WebSocket + PROVISION',
    credential: 'password',
    clients: n,
    ok: devices.length,
    failed,
    retries,
    seconds: Number(seconds.toFixed(2)),
    loginsPerSec: Math.round(devices.length / seconds),
    latencyMs: { p50: s.p50, p99: s.p99, max: s.max },
    serverCpuSecPer1000: Number(((cpu / Math.max(1, devices.length)) * 1000).toFixed(3)),
    serverCpuUsPerLogin: usPer(cpu, devices.length),
  };
}

/**
 * `n` messages sent (window of 50 un-acknowledged, so each is durable) to a user that is offline,
 * then the time from its device connecting (PROVISION → UNREAD → SYNC batches) to the last one decoded.
 */
export async function confabBacklog(cb: ConfabBench, n: number, prefix: string): Promise<BacklogResult> {
  const sender = `${prefix}bs`;
  const receiver = `${prefix}br`;
  const tokens = await confabUsers(cb.app, [sender, receiver]);
  const pids = cb.nodes.map((x) => x.child.pid!);
  let acked = 0;
  const s = await MsyncDevice.login(cb.nodes[0]!.wsUrl, cb.app.appKey, sender, tokens.get(sender)!, {
    resource: 's',
    onAck: (id, ok) => {
      if (!ok) throw new Error(`message ${id} refused`);
      acked++;
    },
  });
  const cpu0 = cpuSecondsOf(pids);
  const t0 = performance.now();
  let sent = 0;
  const queueUntil = t0 + 120_000;
  while (acked < n && performance.now() < queueUntil) {
    for (; sent < n && sent - acked < 50; sent++) s.sendText(receiver, `${performance.now()}|q${sent}`);
    await new Promise((r) => setTimeout(r, 1));
  }
  const queueSeconds = (performance.now() - t0) / 1000;
  const cpu1 = cpuSecondsOf(pids);
  s.close();
  let got = 0;
  let last = 0;
  const node = cb.nodes[cb.nodes.length - 1]!;
  const t1 = performance.now();
  const r = await MsyncDevice.login(node.wsUrl, cb.app.appKey, receiver, tokens.get(receiver)!, {
    resource: 'r',
    unread: true,
    onText: (_t, at) => {
      got++;
      last = at;
    },
  });
  const done = await waitFor(() => got >= acked, 60_000);
  const cpu2 = cpuSecondsOf(pids);
  r.close();
  const drainSeconds = ((done ? last : performance.now()) - t1) / 1000;
  return {
    scenario: 'offline-backlog',
    backend: cb.label,
    queued: acked,
    delivered: got,
    queueSeconds: Number(queueSeconds.toFixed(2)),
    drainSeconds: Number(drainSeconds.toFixed(2)),
    drainedPerSec: Math.round(got / drainSeconds),
    serverRssMb: Math.round(cb.nodes.reduce((a, x) => a + rssBytes(x.child.pid!), 0) / 2 ** 20),
    serverCpuUsPerMsgQueued: usPer(cpu1 - cpu0, acked),
    serverCpuUsPerMsgDrained: usPer(cpu2 - cpu1, got),
  };
}

/** `n` idle, provisioned devices on a fresh SQLite node: its RSS per connection, the client's apart. */
export async function confabIdle(n: number, prefix: string): Promise<IdleResult> {
  const cb = await confabSqlite();
  const devices: MsyncDevice[] = [];
  try {
    const pid = cb.nodes[0]!.child.pid!;
    const raised = raiseNoFile(pid, n + 1000);
    const users = Math.ceil(n / DEVICE_LIMIT);
    const names = Array.from({ length: users }, (_, i) => `${prefix}i${i}`);
    const tokens = await confabUsers(cb.app, names);
    await new Promise((r) => setTimeout(r, 1000));
    const before = rssBytes(pid);
    const clientBefore = process.memoryUsage().rss;
    const sourceAddress = sourceAddresses();
    const cpu0 = cpuSeconds(pid);
    const t0 = performance.now();
    let failed = 0;
    let firstError = '';
    await pool([...Array(n).keys()], 200, async (i) => {
      const user = names[i % users]!;
      const localAddress = sourceAddress(i);
      try {
        devices.push(
          await MsyncDevice.login(cb.nodes[0]!.wsUrl, cb.app.appKey, user, tokens.get(user)!, {
            resource: `d${Math.floor(i / users)}`,
            ...(localAddress ? { localAddress } : {}),
          }),
        );
      } catch (err) {
        failed++;
        firstError ||= (err as Error).message;
      }
    });
    const connectSeconds = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(pid) - cpu0;
    await new Promise((r) => setTimeout(r, 2000));
    const after = rssBytes(pid);
    return {
      scenario: 'idle',
      backend: cb.label,
      connections: n,
      opened: devices.length,
      connectSeconds: Number(connectSeconds.toFixed(2)),
      serverRssMbBefore: Math.round(before / 2 ** 20),
      serverRssMbAfter: Math.round(after / 2 ** 20),
      serverKbPerConn: Number(((after - before) / 1024 / Math.max(1, devices.length)).toFixed(1)),
      clientKbPerConn: Number(
        ((process.memoryUsage().rss - clientBefore) / 1024 / Math.max(1, devices.length)).toFixed(1),
      ),
      serverCpuUsPerConn: usPer(cpu, devices.length),
      ...(failed || !raised
        ? {
            note: `${failed} failed${firstError ? ` (${firstError})` : ''}${raised ? '' : '; fd limit not raised'}`,
          }
        : {}),
    };
  } finally {
    for (const d of devices) d.close();
    await cb.stop();
  }
}
