// Confab's group rows: one group of N members, each logged in on one device, created with the app-server
// REST API (`POST /chatgroups`, then `POST /chatgroups/{id}/users` in batches); the first few members
// send GROUPCHAT messages over msync. A message is stored once for the group and reaches every member's
// device but the sending one (spec §4.4), so it is N − 1 deliveries.
import { confabUsers, type BenchApp, type ConfabBench } from '../lib/confab-app.js';
import { Recorder, pool, type Target } from '../lib/drive.js';
import { MsyncDevice } from '../lib/msync-device.js';

export interface ConfabTarget extends Target {
  close(): void;
}

/** Members added per `POST /chatgroups/{id}/users` (the REST API's limit, spec §3 "Groups"). */
const ADD_BATCH = 60;

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

/** Creates a group owned by `names[0]` with every other name as a member; returns its id. */
export async function createGroup(app: BenchApp, names: string[], label: string): Promise<string> {
  const [owner, ...rest0] = names;
  const created = await rest(app, '/chatgroups', {
    groupname: label,
    description: 'bench',
    owner,
    members: rest0.slice(0, ADD_BATCH),
    maxusers: names.length,
    public: false,
  });
  const id = created.data?.['groupid'];
  if (typeof id !== 'string' && typeof id !== 'number')
    throw new Error(`POST /chatgroups answered no data.groupid: ${JSON.stringify(created)}`);
  const batches: string[][] = [];
  for (let i = ADD_BATCH; i < rest0.length; i += ADD_BATCH) batches.push(rest0.slice(i, i + ADD_BATCH));
  // One batch at a time: each adds to the same member list.
  for (const usernames of batches) await rest(app, `/chatgroups/${id}/users`, { usernames });
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
  const tokens = await confabUsers(app, names);
  const groupId = await createGroup(app, names, `${prefix} ${members}`);
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
      onText,
      ...(i < senders ? { onAck } : {}),
    }),
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
