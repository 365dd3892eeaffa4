// Confab's chat-room rows: one room with N present devices, created with the app-server REST API
// (`POST /{org}/{app}/chatrooms`, the app token), every device logged in and joined over msync as the SDK
// does (MUCBody JOIN, answered by an ACK); the first devices send CHATROOM messages. A room message is
// pushed to every present device but the sending one (one SYNC DL each, answered by SYNC{queue, key} as
// the SDK does), stored for nobody: N − 1 deliveries.
//
// Users: every user costs a deliberately slow scrypt hash at registration (~40 ms of a server core), so
// 10,000 users alone would take minutes. A room of more devices than CONFAB_BENCH_ROOM_USERS (1,000) puts
// several devices of each user in it (each device joins; presence and delivery are per device, so the
// server's message path is the same); the room's member count is then the number of users.
import { confabUsers, type BenchApp, type ConfabBench } from '../lib/confab-app.js';
import { Recorder, pool, waitFor } from '../lib/drive.js';
import { MsyncDevice } from '../lib/msync-device.js';
import type { ConfabTarget } from './groups.js';

/** How long the devices may take to drain their login answers. */
const SETTLE_MS = 120_000;

/** Users created once per server and shared by its rooms (the largest room's share). */
export interface RoomUsers {
  names: string[];
  tokens: Map<string, string>;
}

export async function roomUsers(app: BenchApp, count: number, prefix: string): Promise<RoomUsers> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}u${i}`);
  return { names, tokens: await confabUsers(app, names) };
}

/** Creates a room owned by `owner` for `maxUsers` members with the app token; its id. */
export async function createRoom(
  app: BenchApp,
  owner: string,
  maxUsers: number,
  name: string,
): Promise<string> {
  const res = await fetch(`${app.base}/chatrooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${app.adminToken}` },
    body: JSON.stringify({ name, description: 'bench', owner, maxusers: maxUsers }),
  });
  const json = (await res.json()) as { data?: { id?: unknown } };
  const id = json.data?.id;
  if (res.status !== 200 || (typeof id !== 'string' && typeof id !== 'number'))
    throw new Error(`POST /chatrooms: ${res.status} ${JSON.stringify(json)}`);
  return String(id);
}

/**
 * A room of `present` devices over the first users of `users` (device k is user k mod U's device
 * ⌊k / U⌋), every device joined before this returns; devices 0 … senders − 1 send (the owner is user 0).
 */
export async function confabRoom(
  cb: ConfabBench,
  users: RoomUsers,
  present: number,
  senders: number,
  label: string,
): Promise<ConfabTarget> {
  const { app } = cb;
  const fanout = present - 1;
  const recorder = new Recorder(1 / fanout);
  const u = Math.min(users.names.length, present);
  const t0 = performance.now();
  const roomId = await createRoom(app, users.names[0]!, u, label);
  const onText = (t: string, at: number) => recorder.text(t, at);
  let refused = 0;
  const onAck = (id: string, ok: boolean) => {
    if (!ok && refused++ === 0) console.log(`    room message ${id} refused`);
  };
  const node = cb.nodes[0]!;
  const devices: MsyncDevice[] = [];
  try {
    await pool([...Array(present).keys()], 50, async (k) => {
      const user = users.names[k % u]!;
      const d = await MsyncDevice.login(node.wsUrl, app.appKey, user, users.tokens.get(user)!, {
        resource: `r${Math.floor(k / u)}`,
        unread: true,
        onText,
        ...(k < senders ? { onAck } : {}),
      });
      devices[k] = d;
    });
    const t1 = performance.now();
    // Joins in order of the devices, 50 at a time: the sending devices (and the owner's) first.
    await pool(devices, 50, (d) => d.joinRoom(roomId));
    const t2 = performance.now();
    if (!(await waitFor(() => devices.every((d) => d.settled), SETTLE_MS)))
      throw new Error(`room of ${present}: devices still draining ${SETTLE_MS / 1000} s after joining`);
    const s = (a: number, b: number) => ((b - a) / 1000).toFixed(1);
    console.log(
      `    ${u} users × ${Math.ceil(present / u)} devices: logins ${s(t0, t1)} s, joins ${s(t1, t2)} s, drain ${s(t2, performance.now())} s`,
    );
  } catch (err) {
    devices.forEach((d) => d?.close());
    throw err;
  }
  return {
    backend: cb.label,
    pids: cb.nodes.map((n) => n.child.pid!),
    metricsUrls: cb.nodes.map((n) => n.apiUrl),
    senders,
    fanout,
    recorder,
    send: (i, text) => devices[i]!.sendRoomText(roomId, text),
    close: () => devices.forEach((d) => d.close()),
  };
}
