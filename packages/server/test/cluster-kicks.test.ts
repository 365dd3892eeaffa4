// Kicks across two nodes on PostgreSQL + Redis (issue 5): devices on node A, the app server's REST
// calls on node B, with our SDK and the official SDK. Skipped, visibly, without both URLs.
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { adminToken, SDK_KINDS, type AppTarget } from './support/accounts.js';
import { kickScenarios, operatorApp, type KickEnv } from './support/kick-scenarios.js';
import { spawnNode, type NodeProcess } from '../src/testkit/node-process.js';
import { closeAllOfficialClients } from './support/official-sdk.js';
import { createTempDatabase, type TempDatabase } from '../src/testkit/pg-database.js';
import { PG_URL, REDIS_URL, CLUSTER_SKIP } from './support/postgres.js';

const skip = CLUSTER_SKIP;

const printed = (out: string, label: string) => {
  const m = new RegExp(`${label}:\\s+(\\S+)`).exec(out);
  if (!m?.[1]) throw new Error(`"${label}" not printed:\n${out}`);
  return m[1];
};

describe('kicks across two nodes (PostgreSQL + Redis)', { skip }, () => {
  let db: TempDatabase;
  const nodes: NodeProcess[] = [];
  let kickEnv: KickEnv;
  before(async () => {
    db = await createTempDatabase(PG_URL!);
    const prefix = `confab_k_${randomBytes(4).toString('hex')}`;
    for (const id of [1, 2]) {
      nodes.push(
        await spawnNode({
          CONFAB_DATABASE_URL: db.url,
          CONFAB_REDIS_URL: REDIS_URL!,
          CONFAB_REDIS_PREFIX: prefix,
          CONFAB_NODE_ID: String(id),
          CONFAB_DATA_DIR: `/tmp/${prefix}-${id}`,
        }),
      );
    }
    const [a, b] = nodes as [NodeProcess, NodeProcess];
    const out = a.output(); // the first node created the demo app and the operator token
    const device: AppTarget = { apiUrl: a.apiUrl, wsUrl: a.wsUrl, org: 'confab', app: 'demo' };
    const rest: AppTarget = { apiUrl: b.apiUrl, wsUrl: b.wsUrl, org: 'confab', app: 'demo' };
    const operator = printed(out, 'Operator token \\(CLI\\)');
    kickEnv = {
      device,
      rest,
      admin: await adminToken(
        rest,
        printed(out, 'App admin client id'),
        printed(out, 'App admin client secret'),
      ),
      app: (settings) => operatorApp(device, rest, operator, settings),
    };
  });
  after(async () => {
    await closeAllOfficialClients();
    await Promise.all(nodes.map((n) => n.stop()));
    await db?.drop();
  });
  for (const kind of SDK_KINDS) for (const [name, run] of kickScenarios(kind, () => kickEnv)) test(name, run);
});
