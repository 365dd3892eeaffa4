// Reactions and threads in the web client, in a real browser (Debian's Chromium, headless,
// playwright-core) against a real server serving the built client. Two pages: one reacts to a message with
// the picker, the other sees the count and who reacted live; removing it shows on both.
// Skipped (with the reason) where Chromium is not installed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { DIST_DIR, ensureWebBuilt } from './support/build-web.js';
import {
  chromiumMissing,
  createAccount,
  isolatedContext,
  launchChromium,
  messageLog,
  openChat,
  sendText,
  startChat,
} from './support/browser.js';

let server: TestServer | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

before(async () => {
  if (chromiumMissing) return;
  const why = ensureWebBuilt();
  if (why) process.stderr.write(`# built apps/web for the browser tests: ${why}\n`);
  server = await startTestServer({ webRoot: DIST_DIR });
  browser = await launchChromium();
});

after(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

async function newPage(): Promise<Page> {
  const context = await isolatedContext(browser!, server!.apiUrl);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(server!.apiUrl);
  return page;
}

/** The message in the open conversation's log that says `text`. */
const messageWith = (page: Page, text: string) =>
  messageLog(page).locator('li.msg').filter({ hasText: text });

test('reactions and threads in the web client', { skip: chromiumMissing, timeout: 240_000 }, async (t) => {
  const alice = await newPage();
  const bob = await newPage();
  await createAccount(alice, 'alice', 'alice-secret');
  await createAccount(bob, 'bob', 'bob-secret');

  await t.test('a reaction shows live on the other side with its count and who reacted', async () => {
    await startChat(alice, 'bob');
    await sendText(alice, 'Lunch at noon?');
    await messageLog(alice)
      .locator('li.msg-out:not([data-state="sending"])')
      .filter({ hasText: 'Lunch at noon?' })
      .waitFor();
    await openChat(bob, 'alice');
    const msg = messageWith(bob, 'Lunch at noon?');
    await msg.waitFor();
    await msg.getByRole('button', { name: 'React to this message' }).click();
    await msg.getByRole('button', { name: 'React with 👍' }).click();
    const own = msg.getByRole('button', { name: '👍 1 by bob' });
    await own.waitFor();
    assert.equal(await own.getAttribute('aria-pressed'), 'true');

    const seen = messageWith(alice, 'Lunch at noon?').getByRole('button', { name: '👍 1 by bob' });
    await seen.waitFor();
    assert.equal(await seen.getAttribute('aria-pressed'), 'false');
    assert.equal(await seen.getAttribute('title'), 'bob');

    // Alice adds the same reaction: two.
    await seen.click();
    await messageWith(bob, 'Lunch at noon?')
      .getByRole('button', { name: /^👍 2 by (bob, alice|alice, bob)$/ })
      .waitFor();

    // Bob takes his back, then Alice hers: gone on both sides.
    await msg.getByRole('button', { name: /^👍 2 by/ }).click();
    await messageWith(alice, 'Lunch at noon?').getByRole('button', { name: '👍 1 by alice' }).waitFor();
    await messageWith(alice, 'Lunch at noon?').getByRole('button', { name: '👍 1 by alice' }).click();
    await msg.locator('button.reaction').waitFor({ state: 'detached' });
    await messageWith(alice, 'Lunch at noon?').locator('button.reaction').waitFor({ state: 'detached' });
  });
});
