// Writes docs/web-client.png: the chat view after a short conversation, taken in headless Chromium
// against a throw-away server. Run: npm run screenshot -w @confab/web [-- --dark]
import { join } from 'node:path';
import { startTestServer } from '@confab/server/testing';
import { DIST_DIR, WEB_DIR, ensureWebBuilt } from '../test/support/build-web.js';
import {
  chromiumMissing,
  createAccount,
  isolatedContext,
  launchChromium,
  messageLog,
  openChat,
  sendText,
  startChat,
} from '../test/support/browser.js';

if (chromiumMissing) {
  process.stderr.write(`${chromiumMissing}\n`);
  process.exit(1);
}
const dark = process.argv.includes('--dark');
const out = join(WEB_DIR, '..', '..', 'docs', dark ? 'web-client-dark.png' : 'web-client.png');

ensureWebBuilt();
const server = await startTestServer({ webRoot: DIST_DIR });
const browser = await launchChromium();
try {
  const open = async (user: string) => {
    const context = await isolatedContext(browser, server.apiUrl, {
      width: 1100,
      height: 640,
      colorScheme: dark ? 'dark' : 'light',
    });
    const page = await context.newPage();
    await page.goto(server.apiUrl);
    await createAccount(page, user, `${user}-secret`);
    return page;
  };
  const alice = await open('alice');
  const bob = await open('bob');
  const carol = await open('carol');

  await startChat(carol, 'alice');
  await sendText(carol, 'Are we still on for Friday?');
  await startChat(alice, 'bob');
  await sendText(alice, 'Hi Bob! Did the server come up on the new box?');
  await openChat(bob, 'alice');
  await sendText(bob, 'It did: npm install && npm start, and the web client was right there.');
  await messageLog(alice).getByText('web client was right there').waitFor();
  await sendText(alice, 'Nice. Enter sends,\nShift+Enter adds a line.');
  await messageLog(bob).getByText('Shift+Enter adds a line.').waitFor();
  await sendText(bob, 'Reload the page and the history is still there.');
  await messageLog(alice).getByText('history is still there').waitFor();
  // Bob edits his last message (alice sees it marked edited), and alice pins the chat with bob.
  const last = messageLog(bob).locator('li.msg-out').filter({ hasText: 'history is still there' });
  await last.hover();
  await last.getByRole('button', { name: 'Edit this message' }).click();
  const box = bob.getByRole('textbox', { name: 'Edit message' });
  await box.fill('Even on a new browser: history and the chat list come from the server.');
  await box.press('Enter');
  await messageLog(alice).locator('li[data-edited]').filter({ hasText: 'come from the server' }).waitFor();
  await alice.getByRole('button', { name: 'Pin the chat with bob' }).click();
  await alice.getByRole('button', { name: /^bob, pinned/ }).waitFor();
  await alice.mouse.move(0, 0);
  await alice.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await alice.locator('li.msg-out[data-state="read"]').nth(1).waitFor();
  await alice.screenshot({ path: out });
  process.stdout.write(`wrote ${out}\n`);
} finally {
  await browser.close();
  await server.close();
}
