// Confab's group rows: one group of N members, each logged in on one device, created with the app-server
// REST API (`POST /chatgroups` naming every member); the first few members send GROUPCHAT messages over
// msync. A message is stored once for the group and reaches every member's device but the sending one
// (spec §4.4), so it is N − 1 deliveries.
import { confabUsers, type BenchApp, type ConfabBench } from '../lib/confab-app.js';
import { Recorder, pool, waitFor, type Target } from '../lib/drive.js';
import { MsyncDevice } from '../lib/msync-device.js';

export interface ConfabTarget extends Target {
  close(): void;
}

/** How long the members' devices may take to drain their login backlog. */
const SETTLE_MS = 120_000;

async function rest(app: BenchApp, path: string, body: unknown): Promise<{ data?: Record<string, unknown> }> {
  const res = await fetch(`${app.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${app.adminToken}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { data?: Record<string, unknown> };
  if (res.status !== 200) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * Creates a group owned by `names[0]` with every other name as a member, in the one call (the app
 * server may name all members at creation: each gets one directJoined event). Adding them afterwards
 * (`POST /chatgroups/{id}/users`, 60 a call) tells every member of every join (memberPresence, stored
 * once in the group's log): O(n²) deliveries when the members log in, which is setup, not the rows.
 */
export async function createGroup(app: BenchApp, names: string[], label: string): Promise<string> {
  const [owner, ...members] = names;
  const created = await rest(app, '/chatgroups', {
    groupname: label,
    description: 'bench',
    owner,
    members,
    maxusers: names.length,
    public: false,
  });
  const id = created.data?.['groupid'];
  if (typeof id !== 'string' && typeof id !== 'number')
    throw new Error(`POST /chatgroups answered no data.groupid: ${JSON.stringify(created)}`);
  return String(id);
}

/**
 * A group of `members` users, one device each (on the last node; senders on the first), every device
 * provisioned before this returns; the first `senders` members send.
 */
export async function confabGroup(
  cb: ConfabBench,
  members: number,
  senders: number,
  prefix: string,
): Promise<ConfabTarget> {
  const { app } = cb;
  const fanout = members - 1;
  const recorder = new Recorder(1 / fanout);
  const names = Array.from({ length: members }, (_, i) => `${prefix}m${i}`);
  const t0 = performance.now();
  const tokens = await confabUsers(app, names);
  const t1 = performance.now();
  const groupId = await createGroup(app, names, `${prefix} ${members}`);
  const t2 = performance.now();
  const onText = (t: string, at: number) => recorder.text(t, at);
  const first = cb.nodes[0]!;
  const last = cb.nodes[cb.nodes.length - 1]!;
  let refused = 0;
  const onAck = (id: string, ok: boolean) => {
    // Said once and left to the row's delivered count: a throw here would end the whole run.
    if (!ok && refused++ === 0) console.log(`    group message ${id} refused`);
  };
  const devices = await pool(names, 50, (u, i) =>
    MsyncDevice.login((i < senders ? first : last).wsUrl, app.appKey, u, tokens.get(u)!, {
      resource: 'g',
      unread: true,
      onText,
      ...(i < senders ? { onAck } : {}),
    }),
  );
  // Each device drains what creating the group left it (its directJoined event) before the rows.
  if (!(await waitFor(() => devices.every((d) => d.settled), SETTLE_MS))) {
    devices.forEach((d) => d.close());
    throw new Error(`group of ${members}: devices still draining ${SETTLE_MS / 1000} s after login`);
  }
  const s = (a: number, b: number) => ((b - a) / 1000).toFixed(1);
  console.log(
    `    users ${s(t0, t1)} s, group ${s(t1, t2)} s, logins and their backlog ${s(t2, performance.now())} s`,
  );
  return {
    backend: cb.label,
    pids: cb.nodes.map((n) => n.child.pid!),
    metricsUrls: cb.nodes.map((n) => n.apiUrl),
    senders,
    fanout,
    recorder,
    send: (i, text) => devices[i]!.sendGroupText(groupId, text),
    close: () => devices.forEach((d) => d.close()),
  };
}
