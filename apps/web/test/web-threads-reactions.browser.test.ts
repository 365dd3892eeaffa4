// Reactions and threads in the web client, in a real browser (Debian's Chromium, headless,
// playwright-core) against a real server serving the built client. Two pages: one reacts to a message with
// the picker, the other sees the count and who reacted live; removing it shows on both. In a group, one
// page starts a thread on a message and replies in the side panel; the other sees the thread under the
// message, opens it from there and sees the reply, and its own reply reaches the first page live.
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

  await t.test('a thread on a group message: started, replied in, opened from the overview', async () => {
    await alice.getByRole('button', { name: 'New group' }).click();
    const form = alice.getByRole('form', { name: 'New group' });
    await form.getByLabel('Group name').fill('Crew');
    await form.getByLabel('Members').fill('bob');
    await form.getByRole('button', { name: 'Create group' }).click();
    await alice.getByRole('heading', { name: 'Crew' }).waitFor();
    await sendText(alice, 'Plan for Friday');
    const parent = messageLog(alice)
      .locator('li.msg-out:not([data-state="sending"])')
      .filter({ hasText: 'Plan for Friday' });
    await parent.waitFor();
    await parent.getByRole('button', { name: 'Start a thread on this message' }).click();
    await parent.getByLabel('Thread name').fill('Friday');
    await parent.getByLabel('Thread name').press('Enter');
    const panel = alice.getByRole('complementary', { name: 'Thread: Friday' });
    await panel.getByText('No replies yet.').waitFor();
    await panel.getByLabel('Reply in the thread').fill('Pizza at 7');
    await panel.getByLabel('Reply in the thread').press('Enter');
    await panel.locator('li.msg-out[data-state="sent"]').filter({ hasText: 'Pizza at 7' }).waitFor();
    await parent.getByRole('button', { name: /^🧵 Friday · 1 reply/ }).waitFor();

    await bob
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('button', { name: /^Crew, group\b/ })
      .click();
    await bob.getByRole('heading', { name: 'Crew' }).waitFor();
    const seen = messageWith(bob, 'Plan for Friday');
    await seen.getByRole('button', { name: /^🧵 Friday/ }).click();
    const bobPanel = bob.getByRole('complementary', { name: 'Thread: Friday' });
    await bobPanel.locator('li.msg-in').filter({ hasText: 'Pizza at 7' }).waitFor();
    // The reply stays in the thread: not in the group's conversation.
    assert.equal(await messageWith(bob, 'Pizza at 7').count(), 1, 'only in the panel');

    await bobPanel.getByLabel('Reply in the thread').fill('Count me in');
    await bobPanel.getByLabel('Reply in the thread').press('Enter');
    await panel.locator('li.msg-in').filter({ hasText: 'Count me in' }).waitFor();
    await alice.waitForTimeout(2000);
    await parent.getByRole('button', { name: /^🧵 Friday · 2 replies/ }).waitFor();
  });
});
