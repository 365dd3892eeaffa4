// The group section of docs/benchmarks.md: where `--only groups` puts it, and the target line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  renderGroupSection,
  renderIdleSection,
  renderOneToOneSections,
  SECTION_HEADINGS,
  spliceGroupSection,
  spliceSections,
  type GroupResults,
} from './report.js';
import type { RunResult } from './results.js';

const row = (backend: string, members: number, deliveredPerSec: number): RunResult => ({
  scenario: 'group',
  backend,
  pairs: 2,
  members,
  mode: 'window',
  window: 10,
  completion: 'delivery',
  seconds: 5,
  sent: 10,
  delivered: 100,
  deliveredPerSec,
  latencyMs: { p50: 1, p99: 2, p999: 3, max: 4 },
  serverCpuSecPer1000: 0.1,
  serverRssMb: 100,
});

const groups = (rows: RunResult[]): GroupResults => ({
  baselines: { raw: { label: 'raw ws relay' }, ejabberd: { label: 'ejabberd' } },
  rows,
  sizes: [100, 1000],
  senders: 2,
  window: 10,
  notes: [],
  startedAt: new Date(0),
});

const report = [
  '# Benchmarks',
  '',
  '## One-to-one relay (100 pairs)',
  '',
  'rows',
  '',
  '## Fan-out: one user on 100 devices (stand-in for group fan-out)',
  '',
  'stand-in rows',
  '',
  '## Login storm',
  '',
  'storm rows',
  '',
].join('\n');
const headings = (s: string) => s.split('\n').filter((l) => l.startsWith('## '));

test('the group section replaces the stand-in, then itself, and leaves the rest alone', () => {
  const once = spliceGroupSection(report, ['## Group fan-out (first)', '', 'a', '']);
  assert.deepEqual(headings(once), [
    '## One-to-one relay (100 pairs)',
    '## Group fan-out (first)',
    '## Login storm',
  ]);
  const twice = spliceGroupSection(once, ['## Group fan-out (second)', '', 'b', '']);
  assert.deepEqual(headings(twice), [
    '## One-to-one relay (100 pairs)',
    '## Group fan-out (second)',
    '## Login storm',
  ]);
  assert.ok(twice.includes('rows\n\n## Group fan-out (second)\n\nb\n\n## Login storm\n\nstorm rows'));
  assert.ok(!twice.includes('stand-in rows') && !twice.includes('\na\n'));
});

test('without a group section or stand-in it goes before the login storm, else at the end', () => {
  const plain = report.replace(/## Fan-out[^]*?(?=## Login storm)/, '');
  assert.deepEqual(headings(spliceGroupSection(plain, ['## Group fan-out (x)', ''])).slice(1), [
    '## Group fan-out (x)',
    '## Login storm',
  ]);
  assert.ok(
    spliceGroupSection('# Benchmarks\n', ['## Group fan-out (x)']).endsWith('\n\n## Group fan-out (x)\n\n'),
  );
});

test('the target line gives Confab ÷ ejabberd of the window rows per size', () => {
  const text = renderGroupSection(
    groups([
      row('SQLite, 1 node', 100, 30_000),
      row('ejabberd 23.01-1', 100, 20_000),
      row('SQLite, 1 node', 1000, 10_000),
      row('ejabberd 23.01-1', 1000, 20_000),
    ]),
    5,
  ).join('\n');
  assert.match(text, /target ≥ 1\.2×\): 100 members 1\.5×, 1000 members 0\.50×\./);
  assert.match(text, /### 100 members[^]*### 1000 members/);
});

// The sections `--only one-to-one|logins|backlog|idle` replace, and the durable ejabberd's own ratios.
const full = [
  '# Benchmarks',
  '',
  '## One-to-one relay (100 pairs, 5 s per row)',
  '',
  'old 100',
  '',
  '## One-to-one relay (1000 pairs, 5 s per row)',
  '',
  'old 1000',
  '',
  '## Login storm',
  '',
  'storm rows',
  '',
  '## Notes and gaps',
  '',
  '- a note',
  '',
].join('\n');

test('spliceSections replaces every section of a part where the first was, or goes before the notes', () => {
  const one = spliceSections(full, SECTION_HEADINGS['one-to-one'], [
    '## One-to-one relay (10 pairs)',
    '',
    'new',
  ]);
  assert.deepEqual(headings(one), ['## One-to-one relay (10 pairs)', '## Login storm', '## Notes and gaps']);
  assert.ok(!one.includes('old 100') && !one.includes('old 1000') && one.includes('storm rows'));
  const idle = spliceSections(full, SECTION_HEADINGS.idle, ['## Idle connections', '', 'idle rows']);
  assert.deepEqual(headings(idle).slice(-2), ['## Idle connections', '## Notes and gaps']);
});

const stream = (backend: string, deliveredPerSec: number, p99: number): RunResult => ({
  ...row(backend, 0, deliveredPerSec),
  scenario: 'one-to-one',
  pairs: 100,
  latencyMs: { p50: 1, p99, p999: p99, max: p99 },
  serverCpuUsPerMsg: 123,
});

test('one-to-one rows get a ratio against ejabberd+sql, not against the first ejabberd row', () => {
  const baselines = {
    raw: { label: 'raw ws relay' },
    ejabberd: { label: 'ejabberd' },
    ejabberdSql: { label: 'ejabberd+sql' },
  };
  const text = renderOneToOneSections({
    results: [stream('SQLite, 1 node', 1000, 10)],
    machine: '',
    startedAt: new Date(0),
    pairs: 100,
    seconds: 5,
    extra: {
      baselines,
      oneToOne: [stream('ejabberd 23.01-1', 4000, 5), stream('ejabberd+sql 23.01-1 (PostgreSQL)', 500, 40)],
      loginStorm: [],
      backlog: [],
      idle: [],
      notes: [],
    },
  }).join('\n');
  assert.match(text, /server CPU µs\/msg .*÷ ejabberd \| ÷ ejabberd\+sql \| p99 ÷ raw/);
  // delivered/s: 1000 ÷ 4000 and ÷ 500; p99: 10 ÷ 5 and ÷ 40.
  assert.match(text, /\| SQLite, 1 node \|.*\| 123 \|.*\| 0\.25× \| 2\.0× \| – \| 2\.0× \| 0\.25× \|/);
});

test('the idle section reads the 15 KB target off Confab rows and says how many ran', () => {
  const idle = (backend: string, kb: number, requested?: number) => ({
    scenario: 'idle' as const,
    backend,
    connections: 18000,
    ...(requested ? { requested } : {}),
    opened: 18000,
    connectSeconds: 1,
    serverRssMbBefore: 1,
    serverRssMbAfter: 2,
    serverKbPerConn: kb,
    clientKbPerConn: 1,
  });
  const text = renderIdleSection({
    baselines: { raw: { label: 'raw ws relay' }, ejabberd: { label: 'ejabberd' } },
    oneToOne: [],
    loginStorm: [],
    backlog: [],
    idle: [idle('SQLite, 1 node', 7.5, 50000), idle('ejabberd 23.01-1', 40, 50000)],
    notes: [],
  }).join('\n');
  assert.match(text, /target ≤ 15 KB: 7\.5 KB at 18000 connections \(of 50000\) \(met\)\./);
  assert.ok(!text.includes('40 KB at'));
});
