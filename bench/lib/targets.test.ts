// The targets section reads its verdicts off the run's rows: met, or short by the right factor.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExtraResults, GroupResults, ReportRun } from './report.js';
import type { IdleResult, LoginStormResult, RunResult } from './results.js';
import { renderTargetsSection } from './targets.js';

const stream = (
  backend: string,
  load: { rate: number } | 'window',
  deliveredPerSec: number,
  p99 = 1,
  members?: number,
): RunResult => ({
  scenario: members ? 'group' : 'one-to-one',
  backend,
  pairs: members ? 2 : 100,
  ...(members ? { members } : {}),
  ...(load === 'window'
    ? { mode: 'window' as const, window: 10 }
    : { mode: 'rate' as const, offeredPerSec: load.rate }),
  seconds: 5,
  sent: 1,
  delivered: 1,
  deliveredPerSec,
  latencyMs: { p50: 1, p99, p999: p99, max: p99 },
  serverCpuSecPer1000: 0.1,
  serverCpuUsPerMsg: 100,
  serverRssMb: 100,
});

const baselines = {
  raw: { label: 'raw ws relay' },
  ejabberd: { label: 'ejabberd' },
  ejabberdSql: { label: 'ejabberd+sql' },
};

const fanOut = (confab: number, ejabberd: number): GroupResults => ({
  baselines,
  rows: [
    stream('Confab', 'window', confab, 1, 100),
    stream('ejabberd 23.01', 'window', ejabberd, 1, 100),
    stream('Confab', 'window', confab * 2, 1, 1000),
    stream('ejabberd 23.01', 'window', ejabberd, 1, 1000),
  ],
  sizes: [100, 1000],
  senders: 2,
  window: 10,
  notes: [],
  startedAt: new Date(0),
});

const idle = (backend: string, kb: number): IdleResult => ({
  scenario: 'idle',
  backend,
  connections: 10000,
  opened: 10000,
  connectSeconds: 1,
  serverRssMbBefore: 1,
  serverRssMbAfter: 2,
  serverKbPerConn: kb,
  clientKbPerConn: 1,
});

const storm = (credential: 'token' | 'password', loginsPerSec: number): LoginStormResult => ({
  scenario: 'login-storm',
  backend: 'Confab',
  what: credential,
  clients: 100,
  ok: 100,
  failed: 0,
  seconds: 1,
  loginsPerSec,
  latencyMs: { p50: 1, p99: 1, max: 1 },
  serverCpuSecPer1000: 1,
  storm: 3,
  credential,
});

function run(): ReportRun {
  const extra: ExtraResults = {
    baselines,
    oneToOne: [
      stream('raw ws relay', 'window', 60000),
      stream('ejabberd 23.01', 'window', 20000),
      stream('ejabberd 23.01', { rate: 5000 }, 5000, 4),
    ],
    loginStorm: [storm('token', 1500), storm('password', 20)],
    backlog: [],
    idle: [idle('Confab', 7.5), idle('ejabberd 23.01', 30)],
    notes: [],
  };
  return {
    results: [
      stream('SQLite, 1 node', 'window', 8000),
      stream('SQLite, 1 node', { rate: 5000 }, 5000, 8),
      stream('PostgreSQL + Redis, 1 node', 'window', 3000),
      stream('PostgreSQL + Redis, 2 nodes', 'window', 6000),
      stream('PostgreSQL + Redis, 1 node, 2 workers', 'window', 3600),
    ],
    machine: 'test',
    startedAt: new Date(0),
    pairs: 100,
    seconds: 5,
    extra,
    groups: fanOut(36000, 12000),
    rooms: fanOut(10000, 20000),
  };
}

const rowOf = (lines: string[], start: string) => {
  const line = lines.find((l) => l.startsWith(`| ${start}`));
  assert.ok(line, `no row starting "${start}" in:\n${lines.join('\n')}`);
  return line.split(' | ').map((c) => c.replace(/^\| | \|$/g, ''));
};

test('each target is read off the run: met, or short by target ÷ measured', () => {
  const lines = renderTargetsSection(run());
  const [, throughput, throughputVerdict] = rowOf(lines, 'one-to-one durable throughput');
  // 8,000 vs 20,000 = 0.40× ejabberd (1.2 ÷ 0.4 = 3× short); vs 60,000 = 0.13× raw (0.5 ÷ 0.133 = 3.75×).
  assert.match(throughput!, /8,000\/s vs ejabberd 20,000\/s = 0\.40×, raw 60,000\/s = 0\.13×/);
  assert.equal(throughputVerdict, "not met: 3.00× short of ejabberd's, 3.75× of raw's");
  assert.equal(rowOf(lines, 'p99 at 5,000')[2], "not met: 2.00× ejabberd's");
  assert.equal(rowOf(lines, 'group fan-out')[2], 'met');
  // Rooms: the worst size decides (10,000 vs 20,000 = 0.5×; 1.2 ÷ 0.5 = 2.4× short).
  assert.equal(rowOf(lines, 'chat-room fan-out')[2], 'not met: 2.40× short');
  const [, idleText, idleVerdict] = rowOf(lines, 'server memory per idle');
  assert.equal(idleVerdict, 'met');
  assert.ok(!idleText!.includes('30 KB'), 'a baseline row is not Confab');
  const [, nodes, nodesVerdict] = rowOf(lines, 'two nodes');
  assert.match(nodes!, /= 2\.00×; 2 workers 3,600\/s = 1\.20×/);
  assert.equal(nodesVerdict, 'met');
  assert.match(rowOf(lines, 'logins')[1]!, /by token 1,500\/s, by password 20\/s/);
});

test('a row missing from the run is said, not guessed', () => {
  const r = run();
  r.results = r.results.filter((x) => x.backend !== 'PostgreSQL + Redis, 2 nodes');
  delete r.rooms;
  const lines = renderTargetsSection(r);
  assert.equal(rowOf(lines, 'two nodes')[1], 'a row is missing from this run');
  assert.equal(rowOf(lines, 'chat-room fan-out')[1], 'not run');
});
