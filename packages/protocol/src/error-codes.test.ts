// Keeps the catalog honest against its two sources: Agora's public error-code page (the seed) and the
// official SDK's status.d.ts (plus the codes its bundle raises outside status.d.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { ConfabError, isConfabError } from './confab-error.js';
import {
  errorCatalog,
  ErrorCode,
  errorEntryOf,
  errorNameOf,
  isKnownErrorCode,
  RETIRED_CODES,
} from './error-codes.js';

// CI clones the repo with shared/ beside it: <repo>/../shared/seed/…
const SEED = new URL('../../../../shared/seed/agora-chat-error-codes.txt', import.meta.url);
const require = createRequire(import.meta.url);

interface SeedRow {
  code: number;
  name: string;
  reason: string;
}

/** Code lines look like `-1 | REQUEST_TIMEOUT |`; the "possible reason" is the next line, ending in ` |`. */
function parseSeed(text: string): SeedRow[] {
  const lines = text.split(/\r?\n/);
  const rows: SeedRow[] = [];
  lines.forEach((line, i) => {
    const m = /^\s*(-?\d+)\s*\|\s*([A-Za-z_]+)\s*\|\s*$/.exec(line);
    if (!m) return;
    rows.push({
      code: Number(m[1]),
      name: m[2]!,
      reason: (lines[i + 1] ?? '').replace(/\s*\|\s*$/, '').trim(),
    });
  });
  // Guard against a format variant the regex would silently skip.
  const codeLike = lines.filter((l) => /^\s*-?\d+\s*\|/.test(l)).length;
  assert.equal(rows.length, codeLike, 'every "code |" line of the seed parses');
  return rows;
}

/** status.d.ts: `/** doc *\/ NAME = code,`; several doc blocks may precede one member. */
function parseStatusDts(text: string): { name: string; code: number; doc: string }[] {
  const out: { name: string; code: number; doc: string }[] = [];
  let docs = '';
  for (const m of text.matchAll(/\/\*\*([\s\S]*?)\*\/|\b([A-Z_][A-Z0-9_]*)\s*=\s*(-?\d+)\s*,/g)) {
    if (m[1] !== undefined) {
      docs += ` ${m[1]}`;
      continue;
    }
    const doc = docs
      .replace(/^\s*\*/gm, ' ')
      .replace(/@hidden/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    out.push({ name: m[2]!, code: Number(m[3]), doc });
    docs = '';
  }
  return out;
}

function resolveSdkFile(file: string): string {
  try {
    return require.resolve(`agora-chat/${file}`);
  } catch (err) {
    assert.fail(`cannot resolve agora-chat/${file} (a devDependency of @confab/server): ${String(err)}`);
  }
}

const seed = parseSeed(readFileSync(SEED, 'utf8'));
const dts = parseStatusDts(readFileSync(resolveSdkFile('status.d.ts'), 'utf8'));
const byName = new Map(errorCatalog.map((e) => [e.name, e]));

describe('error catalog vs the seed', () => {
  test('parses all 56 seed codes', () => {
    assert.equal(seed.length, 56);
  });

  test('607 is the one documented naming difference', () => {
    const row = seed.find((r) => r.code === 607);
    assert.equal(row?.name, 'GROUP_NOT_EXIST', 'the seed still names 607 GROUP_NOT_EXIST');
    const entry = byName.get('GROUP_MEMBERS_LIMIT');
    assert.equal(entry?.code, 607);
    assert.equal(entry.origin, 'seed');
    assert.match(entry.note ?? '', /GROUP_NOT_EXIST by mistake/);
    assert.equal(ErrorCode.GROUP_NOT_EXIST, 605);
  });

  test('every other seed code and name is in the catalog, with the seed text as meaning', () => {
    for (const row of seed.filter((r) => r.code !== 607)) {
      const entry = byName.get(row.name);
      assert.ok(entry, `seed name ${row.name} missing`);
      assert.equal(entry.code, row.code, `${row.name}: code`);
      assert.equal(entry.origin, 'seed', `${row.name}: origin`);
      assert.equal(entry.meaning, row.reason, `${row.name}: meaning`);
    }
  });

  test("origin 'seed' covers exactly the seed's codes", () => {
    const seedCodes = seed.map((r) => r.code).sort((a, b) => a - b);
    const catalogSeed = errorCatalog.filter((e) => e.origin === 'seed').map((e) => e.code);
    assert.deepEqual(
      [...catalogSeed].sort((a, b) => a - b),
      seedCodes,
    );
  });
});

describe('error catalog vs the official SDK', () => {
  test('status.d.ts parsed', () => {
    assert.ok(dts.length >= 78, `parsed ${dts.length} members`);
  });

  test('every status.d.ts name and code is in the catalog', () => {
    for (const m of dts) {
      assert.equal(byName.get(m.name)?.code, m.code, `${m.name} = ${m.code}`);
    }
  });

  test('sdk-only rows without a note carry the status.d.ts doc comment as meaning', () => {
    for (const m of dts) {
      const entry = byName.get(m.name)!;
      if (entry.origin === 'sdk' && entry.note === undefined) assert.equal(entry.meaning, m.doc, m.name);
    }
  });

  test('rows beyond status.d.ts are exactly the raised bundle codes, each with a note', () => {
    const dtsNames = new Set(dts.map((m) => m.name));
    const extra = errorCatalog.filter((e) => !dtsNames.has(e.name));
    assert.deepEqual(
      extra.map((e) => `${e.code} ${e.name}`),
      [
        '3 WEBIM_CONNCTION_OPEN_USERGRID_ERROR',
        '23 WEBIM_CONNCTION_LOAD_CHATROOM_ERROR',
        '208 WEBIM_USER_ALREADY_LOGIN',
        '304 SERVER_GET_DNSLIST_FAILED',
        '512 MESSAGE_SEND_TIMEOUT',
      ],
    );
    const bundle = readFileSync(resolveSdkFile('Agora-chat.js'), 'utf8');
    for (const e of extra) {
      assert.equal(e.origin, 'sdk');
      assert.ok(e.note, `${e.name} needs a note`);
      assert.ok(bundle.includes(`[e.${e.name}=${e.code}]="${e.name}"`), `${e.name} in the bundle's enum`);
      assert.ok(bundle.includes(`.C.${e.name}`), `${e.name} is raised by the bundle`);
    }
  });
});

describe('catalog invariants', () => {
  test('names are unique; codes are unique except the two names of 0', () => {
    assert.equal(byName.size, errorCatalog.length);
    const zero = errorCatalog.filter((e) => e.code === 0).map((e) => e.name);
    assert.deepEqual(zero, ['REQUEST_SUCCESS', 'WEBIM_CONNCTION_USER_NOT_ASSIGN_ERROR']);
    const nonZero = errorCatalog.filter((e) => e.code !== 0).map((e) => e.code);
    assert.equal(new Set(nonZero).size, nonZero.length);
  });

  test('sorted by code, frozen, no retired code reused', () => {
    assert.deepEqual(
      errorCatalog.map((e) => e.code),
      [...errorCatalog.map((e) => e.code)].sort((a, b) => a - b),
    );
    assert.ok(Object.isFrozen(errorCatalog) && Object.isFrozen(ErrorCode));
    for (const c of RETIRED_CODES) assert.equal(isKnownErrorCode(c), false, `retired ${c} reused`);
  });

  test('ErrorCode and errorNameOf agree with the catalog', () => {
    const literal: 204 = ErrorCode.USER_NOT_FOUND; // a type error if the literal type were lost
    assert.equal(literal, 204);
    assert.equal(Object.keys(ErrorCode).length, errorCatalog.length);
    for (const e of errorCatalog) assert.equal(ErrorCode[e.name as keyof typeof ErrorCode], e.code);
    assert.equal(errorNameOf(0), 'REQUEST_SUCCESS');
    assert.equal(errorNameOf(607), 'GROUP_MEMBERS_LIMIT');
    assert.equal(errorNameOf(123456), undefined);
    assert.equal(errorEntryOf(512)?.name, 'MESSAGE_SEND_TIMEOUT');
  });
});

describe('ConfabError', () => {
  test('carries type, code alias, message and data like the SDK error objects', () => {
    const err = new ConfabError(ErrorCode.USER_NOT_FOUND, 'no alice', { user: 'alice' });
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'ConfabError');
    assert.equal(err.type, 204);
    assert.equal(err.code, 204);
    assert.equal(err.codeName, 'USER_NOT_FOUND');
    assert.deepEqual(err.toJSON(), { type: 204, message: 'no alice', data: { user: 'alice' } });
    assert.deepEqual(JSON.parse(JSON.stringify(new ConfabError(2, 'x'))), { type: 2, message: 'x' });
  });

  test('defaults the message from the catalog and survives unknown codes', () => {
    assert.equal(new ConfabError(56).message, 'Token expired.');
    assert.equal(new ConfabError(4242).message, 'Unknown error code 4242');
    assert.equal(new ConfabError(4242).codeName, undefined);
  });

  test('isConfabError', () => {
    assert.equal(isConfabError(new ConfabError(1)), true);
    assert.equal(isConfabError(new Error('x')), false);
    assert.equal(isConfabError({ type: 1, message: 'x' }), false);
    assert.equal(isConfabError(null), false);
    // A copy from another bundle carries the same registry symbol.
    assert.equal(isConfabError({ [Symbol.for('confab.ConfabError')]: true }), true);
  });
});
