// The group section of docs/benchmarks.md: where `--only groups` puts it, and the target line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderGroupSection, spliceGroupSection, type GroupResults } from './report.js';
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
