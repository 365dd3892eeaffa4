// Issue 18: a web client that survives real life, in a real browser (Debian's Chromium, headless,
// playwright-core) against a real server serving the built client, on a data directory of its own so the
// server can be stopped and started again on the same port. The server restarts under logged-in pages,
// which reconnect by themselves ("Reconnect now" skips the wait) while a message written offline waits,
// visibly, and goes out after; a session outlives several lifetimes of a short token; a conversation whose
// newest message is a tall image opens at that image; errors read as sentences with their code and the
// registration form shows the server's user id rules; Recall goes once the app's window has passed;
// logging out leaves no chats in the browser. Skipped (with the reason) where Chromium is not installed.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEFAULT_CONFIG, startServer, type RunningServer } from '@confab/server';
import { DIST_DIR, ensureWebBuilt } from './support/build-web.js';
import {
  chromiumMissing,
  isolatedContext,
  launchChromium,
  logIn,
  messageLog,
  openChat,
  sendText,
  startChat,
} from './support/browser.js';

const dataDir = mkdtempSync(join(tmpdir(), 'confab-web-resilience-'));
const operatorToken = `op_test_${randomBytes(16).toString('hex')}`;
let port = 0;
let server: RunningServer | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

/** Starts the server on the data directory, on the port of the first start (0 = any, the first time). */
async function startOnSameData(): Promise<RunningServer> {
  const started = await startServer({
    config: {
      ...DEFAULT_CONFIG,
      host: '127.0.0.1',
      port,
      dataDir,
      adminToken: operatorToken,
      webRoot: DIST_DIR,
      logLevel: 'silent',
    },
  });
  port = started.port;
  return started;
}

const origin = () => server!.httpUrl;

before(async () => {
  if (chromiumMissing) return;
  const why = ensureWebBuilt();
  if (why) process.stderr.write(`# built apps/web for the browser tests: ${why}\n`);
  server = await startOnSameData();
  browser = await launchChromium();
  // An app with a 6 s token and a 3 s recall window (the demo app keeps the defaults).
  const created = await rest('POST', '/management/apps', operatorToken, {
    org: 'confab',
    name: 'short',
    settings: { tokenTtlSeconds: 6, recallWindowSeconds: 3 },
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
});

after(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function rest(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${origin()}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, unknown> };
}

async function register(app: string, username: string, password: string): Promise<void> {
  const r = await rest('POST', `/confab/${app}/users`, undefined, { username, password });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

async function newPage(): Promise<Page> {
  const context = await isolatedContext(browser!, origin());
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(origin());
  return page;
}

const status = (page: Page) => page.locator('.conn[role="status"]');
const connected = (page: Page) => page.locator('.conn[data-state="connected"]').waitFor();

/** Logs in on app `confab#<app>` (the app key field set first). */
async function logInTo(page: Page, app: string, user: string, pwd: string): Promise<void> {
  await page.getByLabel('App key').fill(`confab#${app}`);
  await logIn(page, user, pwd);
  await connected(page);
}

/** localStorage keys of this client ("confab.…"). */
const storedKeys = (page: Page) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('confab.')));

const savedToken = (page: Page) =>
  page.evaluate(
    () => (JSON.parse(localStorage.getItem('confab.login') ?? '{}') as { accessToken?: string }).accessToken,
  );

/** A `width`×`height` grey PNG. */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width, 0x88)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test(
  'a server restart under logged-in pages: reconnect by itself, offline message waits and goes out',
  {
    skip: chromiumMissing,
    timeout: 180_000,
  },
  async () => {
    await register('demo', 'rita', 'rita-secret');
    await register('demo', 'sam', 'sam-secret');
    const rita = await newPage();
    const sam = await newPage();
    await logInTo(rita, 'demo', 'rita', 'rita-secret');
    await logInTo(sam, 'demo', 'sam', 'sam-secret');
    await startChat(rita, 'sam');
    await sendText(rita, 'before the restart');
    await openChat(sam, 'rita');
    await messageLog(sam).getByText('before the restart').waitFor();

    // The server goes away: the pages say so and offer "Reconnect now".
    await server!.close();
    server = undefined;
    await rita.locator('.conn[data-state="reconnecting"]').waitFor();
    await rita.getByRole('button', { name: 'Reconnect now' }).waitFor();
    assert.match((await status(rita).textContent()) ?? '', /reconnecting/i);

    // Written while offline: shown as waiting for the connection.
    await sendText(rita, 'written while offline');
    const offline = messageLog(rita).locator('li.msg-out').filter({ hasText: 'written while offline' });
    await offline.waitFor();
    assert.equal(await offline.getAttribute('data-state'), 'pending');
    await offline.getByText('Waiting for the connection').waitFor();
    // "Reconnect now" while the server is still down: one more attempt, still offline, still waiting.
    await rita.getByRole('button', { name: 'Reconnect now' }).click();
    assert.equal(await offline.getAttribute('data-state'), 'pending');

    // The same server comes back on the same port and data: both pages reconnect without any click, and
    // the waiting message goes out and reaches sam.
    server = await startOnSameData();
    await connected(rita);
    await connected(sam);
    await messageLog(rita)
      .locator('li.msg-out[data-state="sent"], li.msg-out[data-state="read"]')
      .filter({ hasText: 'written while offline' })
      .waitFor();
    await messageLog(sam).getByText('written while offline').waitFor();
    assert.equal(await rita.getByRole('button', { name: 'Reconnect now' }).count(), 0);

    // Once more, and this time "Reconnect now" brings it back (the button is there while it is down).
    await server.close();
    server = undefined;
    await rita.locator('.conn[data-state="reconnecting"]').waitFor();
    server = await startOnSameData();
    await rita
      .getByRole('button', { name: 'Reconnect now' })
      .click()
      .catch(() => undefined);
    await connected(rita);
    await sendText(rita, 'after the second restart');
    await messageLog(sam).getByText('after the second restart').waitFor();
    // The connection errors of the outage are not piled up in the error banner.
    assert.equal(
      await rita
        .locator('.error-item')
        .filter({ hasText: /code 16\b/ })
        .count(),
      0,
    );
  },
);

test(
  'the session outlives a 6 s token: renewed before expiry, no password asked',
  {
    skip: chromiumMissing,
    timeout: 120_000,
  },
  async () => {
    await register('short', 'tina', 'tina-secret');
    await register('short', 'tom', 'tom-secret');
    const tina = await newPage();
    await logInTo(tina, 'short', 'tina', 'tina-secret');
    const first = await savedToken(tina);
    assert.ok(first);
    // Three renewals (each at 80 % of the 6 s lifetime): well past the first token's expiry.
    const seen = new Set<string>([first]);
    while (seen.size < 4) {
      const handle = await tina.waitForFunction(
        (known) => {
          const t = (JSON.parse(localStorage.getItem('confab.login') ?? '{}') as { accessToken?: string })
            .accessToken;
          return t && !known.includes(t) ? t : false;
        },
        [...seen],
        { timeout: 20_000, polling: 200 },
      );
      seen.add((await handle.jsonValue()) as string);
    }
    // The first token has expired on the server; the session is still connected and can send.
    const expired = await rest('GET', '/confab/short/sdk/users/tina/token/expires', first);
    assert.equal(expired.status, 401);
    await tina.locator('.conn[data-state="connected"]').waitFor();
    await startChat(tina, 'tom');
    await sendText(tina, 'still here');
    await messageLog(tina)
      .locator('li.msg-out[data-state="sent"]')
      .filter({ hasText: 'still here' })
      .waitFor();
    assert.equal(
      await tina
        .locator('.error-item')
        .filter({ hasText: /session|expired/i })
        .count(),
      0,
    );
    // A reload logs back in with the renewed token: no login form.
    await tina.reload();
    await connected(tina);
    assert.equal(await tina.getByLabel('Password').count(), 0);
  },
);

test(
  'a conversation whose newest message is a tall image opens at that image',
  {
    skip: chromiumMissing,
    timeout: 120_000,
  },
  async () => {
    await register('demo', 'ivy', 'ivy-secret');
    await register('demo', 'jay', 'jay-secret');
    const ivy = await newPage();
    await logInTo(ivy, 'demo', 'ivy', 'ivy-secret');
    await startChat(ivy, 'jay');
    for (let i = 1; i <= 25; i++) await sendText(ivy, `line ${i}`);
    await messageLog(ivy).locator('li.msg-out[data-state="sent"]').filter({ hasText: 'line 25' }).waitFor();
    await ivy
      .locator('input[type=file]')
      .setInputFiles([{ name: 'tall.png', mimeType: 'image/png', buffer: png(300, 900) }]);
    await messageLog(ivy).locator('li.msg-out[data-state="sent"] img.image').waitFor();

    // jay on a new device: history from the server, the image loads after the first scroll.
    const jay = await newPage();
    await logInTo(jay, 'demo', 'jay', 'jay-secret');
    await openChat(jay, 'ivy');
    const image = messageLog(jay).locator('img.image');
    await image.waitFor();
    await jay.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[role="log"] img.image');
      return img !== null && img.complete && img.naturalHeight > 0;
    });
    await jay.waitForFunction(() => {
      const list = document.querySelector('[role="log"]')!;
      return list.scrollHeight - list.scrollTop - list.clientHeight <= 2;
    });
    const box = await image.boundingBox();
    const log = await messageLog(jay).boundingBox();
    assert.ok(box && log && box.y + box.height <= log.y + log.height + 1, 'the image is in view');
  },
);

test(
  'readable errors with their code; registration shows the server’s user id rules',
  {
    skip: chromiumMissing,
    timeout: 60_000,
  },
  async () => {
    await register('demo', 'kim', 'kim-secret');
    const page = await newPage();
    await page.getByRole('button', { name: 'Create account', exact: true }).click();
    await page.getByText(/^User IDs: 1 to 64 characters: lowercase letters a–z, digits 0–9/).waitFor();
    // Refused before asking the server, with the rules.
    await page.getByLabel('User ID').fill('Kim Doe');
    await page.getByLabel('Password').fill('pw-pw-pw');
    await page.getByRole('button', { name: 'Create account and log in' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'That user ID is not allowed. User IDs: 1 to 64' })
      .waitFor();
    // A taken user id: a sentence, and the code.
    await page.getByLabel('User ID').fill('kim');
    await page.getByRole('button', { name: 'Create account and log in' }).click();
    const taken = page.getByRole('alert').filter({ hasText: 'That user ID is taken' });
    await taken.waitFor();
    assert.match(
      (await taken.textContent()) ?? '',
      /^Creating the account: That user ID is taken: choose another one\. \(code 17\)$/,
    );
    assert.doesNotMatch((await taken.textContent()) ?? '', /Entity user requires/);
    // A wrong password.
    await page.getByRole('button', { name: 'Log in', exact: true }).first().click();
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Log in', exact: true }).last().click();
    await page
      .getByRole('alert')
      .filter({ hasText: /Wrong user ID or password\. \(code 1\)/ })
      .waitFor();
  },
);

test(
  'Recall is offered only inside the app’s recall window (3 s on this app)',
  {
    skip: chromiumMissing,
    timeout: 60_000,
  },
  async () => {
    await register('short', 'una', 'una-secret');
    await register('short', 'vic', 'vic-secret');
    const una = await newPage();
    await logInTo(una, 'short', 'una', 'una-secret');
    await startChat(una, 'vic');
    await sendText(una, 'take me back?');
    const mine = messageLog(una)
      .locator('li.msg-out[data-state="sent"]')
      .filter({ hasText: 'take me back?' });
    await mine.waitFor();
    await mine.hover();
    const recall = mine.getByRole('button', { name: 'Recall this message' });
    // Offered at first (the window is read from the server at login), gone once the window has passed.
    await recall.waitFor();
    await recall.waitFor({ state: 'detached' });
    await mine.hover();
    await mine.getByRole('button', { name: 'Edit this message' }).waitFor();
  },
);

test(
  'logging out leaves no chats, groups or token in the browser',
  {
    skip: chromiumMissing,
    timeout: 60_000,
  },
  async () => {
    await register('demo', 'wes', 'wes-secret');
    await register('demo', 'xia', 'xia-secret');
    const wes = await newPage();
    await logInTo(wes, 'demo', 'wes', 'wes-secret');
    await startChat(wes, 'xia');
    await sendText(wes, 'private words');
    await messageLog(wes)
      .locator('li.msg-out[data-state="sent"]')
      .filter({ hasText: 'private words' })
      .waitFor();
    const before = await storedKeys(wes);
    assert.ok(
      before.some((k) => k.startsWith('confab.chats.')),
      before.join(),
    );
    assert.ok(before.includes('confab.login'));
    await wes.getByRole('button', { name: 'Log out' }).click();
    await wes.getByLabel('Password').waitFor();
    const left = await storedKeys(wes);
    assert.deepEqual(
      left.filter((k) => k !== 'confab.settings' && k !== 'confab.theme'),
      [],
      `left behind: ${left.join()}`,
    );
    const dump = await wes.evaluate(() => JSON.stringify({ ...localStorage }));
    assert.doesNotMatch(dump, /private words/);
    // Logging in again brings the conversation back from the server.
    await logInTo(wes, 'demo', 'wes', 'wes-secret');
    await openChat(wes, 'xia');
    await messageLog(wes).getByText('private words').waitFor();
  },
);

test(
  'on a new device, read ticks and "recalled" placeholders come back from the server',
  {
    skip: chromiumMissing,
    timeout: 120_000,
  },
  async () => {
    await register('demo', 'yan', 'yan-secret');
    await register('demo', 'zoe', 'zoe-secret');
    const yan = await newPage();
    const zoe = await newPage();
    await logInTo(yan, 'demo', 'yan', 'yan-secret');
    await logInTo(zoe, 'demo', 'zoe', 'zoe-secret');
    await startChat(yan, 'zoe');
    for (const text of ['keep one', 'take this back', 'keep two']) await sendText(yan, text);
    const sent = (page: Page, text: string, state = 'sent') =>
      messageLog(page).locator(`li.msg-out[data-state="${state}"]`).filter({ hasText: text });
    await sent(yan, 'keep two').waitFor();
    // zoe reads the conversation: yan's messages turn read; then yan recalls the middle one.
    await openChat(zoe, 'yan');
    await messageLog(zoe).getByText('keep two').waitFor();
    await sent(yan, 'keep two', 'read').waitFor();
    const middle = sent(yan, 'take this back', 'read');
    await middle.hover();
    await middle.getByRole('button', { name: 'Recall this message' }).click();
    await messageLog(zoe).getByText('Message recalled').waitFor();

    // New devices (fresh browser profiles, nothing cached) for both.
    const yan2 = await newPage();
    await logInTo(yan2, 'demo', 'yan', 'yan-secret');
    await openChat(yan2, 'zoe');
    await sent(yan2, 'keep one', 'read').waitFor();
    await sent(yan2, 'keep two', 'read').waitFor();
    const placeholder = messageLog(yan2).locator('li.msg-out[data-recalled]');
    await placeholder.getByText('You recalled this message').waitFor();
    const order = await messageLog(yan2).locator('li.msg').allTextContents();
    const at = (needle: string) => order.findIndex((t) => t.includes(needle));
    assert.ok(at('keep one') < at('You recalled this message'), order.join(' | '));
    assert.ok(at('You recalled this message') < at('keep two'), order.join(' | '));
    assert.equal(await messageLog(yan2).getByText('take this back').count(), 0);

    const zoe2 = await newPage();
    await logInTo(zoe2, 'demo', 'zoe', 'zoe-secret');
    await openChat(zoe2, 'yan');
    await messageLog(zoe2).getByText('keep two').waitFor();
    await messageLog(zoe2).locator('li.msg-in[data-recalled]').getByText('Message recalled').waitFor();
    assert.equal(await messageLog(zoe2).getByText('take this back').count(), 0);
  },
);
