// The conformance matrix: the unmodified official agora-chat 1.4.0 SDK (jsdom) and our SDK call every public
// `Connection` method against a real server; docs/compatibility.md is that result and fails when it drifts.
// Regenerate with `npm run gen:docs` (or CONFAB_UPDATE_DOCS=1 on this test).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { MatrixResult } from './support/compat/matrix-types.js';
import { METHOD_TABLE } from './support/compat/method-table.js';
import { declaredConnectionMethods } from './support/compat/official-surface.js';
import { renderCompatibilityDoc } from './support/compat/render-compat-doc.js';
import { runCompatibilityMatrix } from './support/compat/run-matrix.js';

const DOC = new URL('../../../docs/compatibility.md', import.meta.url);

describe('compatibility matrix (official SDK 1.4.0 against the server)', () => {
  let result: MatrixResult;
  before(async () => {
    result = await runCompatibilityMatrix();
  });

  test('the table covers exactly the methods the d.ts declares on Connection', () => {
    const declared = declaredConnectionMethods();
    assert.equal(declared.length, 236);
    assert.deepEqual(Object.keys(METHOD_TABLE).sort(), declared);
    assert.equal(result.rows.length, declared.length);
  });

  test('what the server serves works, and a missing feature says so', () => {
    const row = (m: string) => result.rows.find((r) => r.method === m)!;
    for (const m of ['open', 'getServerConversations', 'downloadAndParseCombineMessage'])
      assert.equal(row(m).official.status, 'works', `${m}: ${row(m).official.reason}`);
    // One-to-one, group and chat-room messages are served.
    assert.equal(row('send').official.status, 'works', row('send').official.reason);
    // Our SDK has the official names of what the server serves.
    for (const m of [
      'fetchHistoryMessages',
      'getConversationlist',
      'getSessionList',
      'deleteSession',
      'listen',
      'onShow',
    ])
      assert.equal(row(m).ours?.status, row(m).official.status, `${m}: ${row(m).ours?.reason}`);
  });

  test('every group method works on real groups, with both SDKs', () => {
    const groups = result.rows.filter((r) => r.area === 'Groups');
    assert.equal(groups.length, 84);
    for (const r of groups) {
      assert.equal(r.official.status, 'works', `${r.method}: ${r.official.reason}`);
      if (r.ours) assert.equal(r.ours.status, 'works', `${r.method} (ours): ${r.ours.reason}`);
    }
  });

  test('every chat-room method works on real rooms, with both SDKs', () => {
    const rooms = result.rows.filter((r) => r.area === 'Chat rooms');
    assert.equal(rooms.length, 59);
    for (const r of rooms) {
      assert.equal(r.official.status, 'works', `${r.method}: ${r.official.reason}`);
      assert.equal(r.ours?.status, 'works', `${r.method} (ours): ${r.ours?.reason}`);
    }
    // The chatRoom variants of the message calls too.
    const row = (m: string) => result.rows.find((r) => r.method === m)!;
    for (const m of ['send', 'getHistoryMessages']) {
      assert.equal(row(m).official.status, 'works', `${m}: ${row(m).official.reason}`);
      assert.equal(row(m).ours?.status, 'works', `${m} (ours): ${row(m).ours?.reason}`);
    }
  });

  test('every thread method works on real threads, with both SDKs', () => {
    const threads = result.rows.filter((r) => r.area === 'Threads');
    assert.equal(threads.length, 11);
    for (const r of threads) {
      assert.equal(r.official.status, 'works', `${r.method}: ${r.official.reason}`);
      assert.equal(r.ours?.status, 'works', `${r.method} (ours): ${r.ours?.reason}`);
    }
  });

  test('docs/compatibility.md is up to date', () => {
    const doc = renderCompatibilityDoc(result);
    if (process.env['CONFAB_UPDATE_DOCS'] === '1') writeFileSync(DOC, doc);
    let committed = '';
    try {
      committed = readFileSync(DOC, 'utf8');
    } catch {
      assert.fail('docs/compatibility.md is missing: run npm run gen:docs');
    }
    if (committed === doc) return;
    const a = committed.split('\n');
    const b = doc.split('\n');
    const changed = b
      .map((line, i) => ({ line, was: a[i], at: i + 1 }))
      .filter((d) => d.line !== d.was)
      .slice(0, 8)
      .map((d) => `  line ${d.at}\n    committed: ${d.was ?? '(end)'}\n    this run:  ${d.line}`);
    const fresh = join(tmpdir(), 'compatibility.md');
    writeFileSync(fresh, doc);
    assert.fail(
      `docs/compatibility.md is stale (run npm run gen:docs; this run: ${fresh}):\n${changed.join('\n')}`,
    );
  });
});
