// Contacts, presence, profiles and the blocklist in the web client, in headless Chromium against a real
// server: a contact request sent from one page is accepted on another (both lists update live), a
// request from the Node SDK is declined, presence dots and status text follow the other side logging
// out and in, a nickname shows in the conversation list and header, blocking refuses the blocked
// side's messages with a readable error (unblocking lets them through), and unknown user IDs are
// refused at once; an app without the presence service shows no dots and no errors. Skipped (with the
// reason) where Chromium is not installed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import AgoraChat, { type Connection, type ContactMsgBody } from '@confab/sdk';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { DIST_DIR, ensureWebBuilt } from './support/build-web.js';
import {
  chromiumMissing,
  createAccount,
  isolatedContext,
  launchChromium,
  logIn,
  messageLog,
  sendText,
  startChat,
} from './support/browser.js';

let server: TestServer | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
const sdkClients: Connection[] = [];

before(async () => {
  if (chromiumMissing) return;
  const why = ensureWebBuilt();
  if (why) process.stderr.write(`# built apps/web for the browser tests: ${why}\n`);
  server = await startTestServer({ webRoot: DIST_DIR });
  browser = await launchChromium();
});

after(async () => {
  for (const conn of sdkClients) conn.close();
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

async function newPage(): Promise<Page> {
  const context = await isolatedContext(browser!, server!.apiUrl);
  context.setDefaultTimeout(30_000);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(server!.apiUrl);
  return page;
}

/** A Node SDK client: registers `user` and logs in. */
async function sdkClient(user: string, pwd: string, appKey = server!.appKey): Promise<Connection> {
  const conn = new AgoraChat.connection({
    appKey,
    url: server!.wsUrl,
    apiUrl: server!.apiUrl,
  });
  sdkClients.push(conn);
  await conn.registerUser({ username: user, password: pwd });
  await conn.open({ user, pwd });
  return conn;
}

/** The error banners shown on `page`, except those matching `expected`. */
async function unexpectedErrors(page: Page, expected?: RegExp): Promise<string[]> {
  const texts = await page.locator('[role=alert]').allTextContents();
  return texts.filter((t) => !expected?.test(t));
}

const contactsView = (page: Page) => page.getByRole('navigation', { name: 'Contacts view' });
const conversations = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });
const contactRow = (page: Page, user: string) =>
  contactsView(page).locator(`li.contact-row[data-user="${user}"]`);

/** Waits (bounded) until `check` holds, polling every 100 ms. */
async function eventually(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function openContacts(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: /^Contacts/ });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await contactsView(page).waitFor();
}

async function closeContacts(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: /^Contacts/ });
  if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
  await conversations(page).waitFor();
}

test('contacts, presence, nicknames and blocking', { skip: chromiumMissing, timeout: 300_000 }, async (t) => {
  const dana = await newPage();
  const eli = await newPage();
  await createAccount(dana, 'dana', 'dana-secret');
  await createAccount(eli, 'eli', 'eli-secret');

  await t.test('a contact request sent by user ID is accepted on the other page', async () => {
    await openContacts(dana);
    const form = contactsView(dana).getByRole('form', { name: 'Add a contact' });
    // An unknown user ID is refused before anything is sent.
    await form.getByLabel('User ID').fill('no-such-user');
    await form.getByRole('button', { name: 'Send request' }).click();
    await form.getByRole('alert').filter({ hasText: 'There is no user no-such-user' }).waitFor();
    await form.getByLabel('User ID').fill('eli');
    await form.getByLabel('Message').fill('Hi Eli, it is Dana');
    await form.getByRole('button', { name: 'Send request' }).click();
    await form.getByRole('status').filter({ hasText: 'Request sent to eli' }).waitFor();

    // eli sees the request live: a count on the Contacts button, then the request with its message.
    await eli.getByRole('button', { name: 'Contacts, 1 requests' }).waitFor();
    await openContacts(eli);
    const request = contactsView(eli).getByRole('listitem', { name: 'Request from dana' });
    await request.getByText('Hi Eli, it is Dana').waitFor();
    await request.getByRole('button', { name: 'Accept' }).click();
    await contactRow(eli, 'dana').waitFor();
    await request.waitFor({ state: 'detached' });
    // dana's list gets eli live (onContactAgreed).
    await contactRow(dana, 'eli').waitFor();
    assert.deepEqual(await unexpectedErrors(dana), []);
    assert.deepEqual(await unexpectedErrors(eli), []);
  });

  await t.test('a request from the Node SDK is declined, and the sender hears it', async () => {
    const fay = await sdkClient('fay', 'fay-secret');
    const refused = new Promise<ContactMsgBody>((resolve) =>
      fay.addEventHandler('t', { onContactRefuse: (m) => resolve(m) }),
    );
    await fay.addContact('eli', 'fay here');
    const request = contactsView(eli).getByRole('listitem', { name: 'Request from fay' });
    await request.getByText('fay here').waitFor();
    await request.getByRole('button', { name: 'Decline' }).click();
    assert.equal((await refused).from, 'eli');
    await request.waitFor({ state: 'detached' });
    assert.equal(await contactRow(eli, 'fay').count(), 0);
  });

  await t.test('presence dots and status text follow the contact', async () => {
    const dot = contactRow(dana, 'eli').locator('.presence-dot');
    await contactRow(dana, 'eli').locator('.presence-dot[data-presence="online"]').waitFor();
    // eli publishes a status text; dana sees it beside the dot.
    const status = contactsView(eli).getByRole('region', { name: 'Your profile' }).getByLabel('Status');
    await status.fill('In a meeting');
    await contactsView(eli).getByRole('button', { name: 'Set status' }).click();
    await contactRow(dana, 'eli').getByText('Online · In a meeting').waitFor();
    // eli logs out: offline; back in: online again.
    await eli.getByRole('button', { name: 'Log out' }).click();
    await contactRow(dana, 'eli').locator('.presence-dot[data-presence="offline"]').waitFor();
    assert.match((await contactRow(dana, 'eli').textContent()) ?? '', /Offline · In a meeting/);
    await logIn(eli, 'eli', 'eli-secret');
    await eli.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await contactRow(dana, 'eli').locator('.presence-dot[data-presence="online"]').waitFor();
    assert.equal(await dot.count(), 1);
    // eli's own status text is read back at login.
    await openContacts(eli);
    const own = contactsView(eli).getByRole('region', { name: 'Your profile' }).getByLabel('Status');
    await eventually('eli’s status text', async () => (await own.inputValue()) === 'In a meeting');
  });

  await t.test(
    'the conversation header shows presence; a nickname shows in the list and header',
    async () => {
      await contactRow(dana, 'eli').getByRole('button', { name: 'Chat' }).click();
      const header = dana.locator('.conv-header');
      await header.getByRole('heading', { name: 'eli' }).waitFor();
      await header.getByText('Online · In a meeting').waitFor();
      await header.locator('.presence-dot[data-presence="online"]').waitFor();
      await sendText(dana, 'Hello contact');
      await messageLog(dana).getByText('Hello contact').waitFor();

      // eli sets a nickname (and an avatar URL) in the profile form.
      await openContacts(eli);
      const profile = contactsView(eli).getByRole('region', { name: 'Your profile' });
      await profile.getByLabel('Nickname').fill('Eli Nova');
      await profile.getByLabel('Avatar URL').fill(`${server!.apiUrl}/no-such-avatar.png`);
      await profile.getByRole('button', { name: 'Save profile' }).click();
      await profile.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor();
      const { data } = await sdkClients[0]!.fetchUserInfoById('eli', ['nickname', 'avatarurl']);
      assert.equal(data['eli']?.['nickname'], 'Eli Nova');

      // dana's next session reads the profiles: the list and the header show the nickname.
      await dana.reload();
      await dana.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
      await closeContacts(dana);
      const row = conversations(dana).getByRole('button', {
        name: /^Eli Nova \(eli\), last message: Hello contact/,
      });
      await row.waitFor();
      await row.locator('.presence-dot[data-presence="online"]').waitFor();
      await row.click();
      await dana.locator('.conv-header').getByRole('heading', { name: 'Eli Nova' }).waitFor();
      assert.deepEqual(await unexpectedErrors(dana), []);
    },
  );

  await t.test('blocking refuses the blocked side’s messages with a readable error', async () => {
    const header = dana.locator('.conv-header');
    await header.getByRole('button', { name: 'Block' }).click();
    await dana.getByRole('note').filter({ hasText: 'You blocked eli' }).waitFor();
    await header.getByText('Blocked').waitFor();

    await closeContacts(eli);
    await startChat(eli, 'dana');
    await sendText(eli, 'Can you hear me?');
    const banner = eli.getByRole('alert').filter({ hasText: 'Sending a message to dana' });
    await banner.waitFor();
    assert.match(
      (await banner.textContent()) ?? '',
      /This user has blocked you: the message was not delivered\. \(code 603\)/,
    );
    await eli.locator('li.msg-out[data-state="failed"]').filter({ hasText: 'Can you hear me?' }).waitFor();
    // The blocker can still write to them.
    await sendText(dana, 'I can still write');
    await messageLog(eli).getByText('I can still write').waitFor();
    assert.equal(await messageLog(dana).getByText('Can you hear me?').count(), 0);

    // Unblocked: eli's next message arrives.
    await header.getByRole('button', { name: 'Unblock' }).click();
    await header.getByRole('button', { name: 'Block' }).waitFor();
    await dana.getByRole('note').filter({ hasText: 'You blocked eli' }).waitFor({ state: 'detached' });
    await sendText(eli, 'Now?');
    await messageLog(dana).getByText('Now?').waitFor();
  });

  await t.test('a contact is removed, on both sides', async () => {
    await openContacts(dana);
    await contactsView(dana).getByRole('button', { name: 'Remove eli from contacts' }).click();
    await contactsView(dana).getByText('No contacts yet.').waitFor();
    await openContacts(eli);
    await contactsView(eli).getByText('No contacts yet.').waitFor();
  });
});

test(
  'an app without the presence service: no dots and no errors, chats and contacts still work',
  { skip: chromiumMissing, timeout: 120_000 },
  async () => {
    const res = await fetch(`${server!.apiUrl}/management/apps`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server!.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        org: server!.org,
        name: 'nopresence',
        settings: { openRegistration: true, services: ['groups', 'files', 'history', 'recall'] },
      }),
    });
    assert.equal(res.status, 200, await res.text());
    const gus = await newPage();
    await gus.getByLabel('App key').fill(`${server!.org}#nopresence`);
    await createAccount(gus, 'gus', 'gus-secret');
    const hal = await sdkClient('hal', 'hal-secret', `${server!.org}#nopresence`);
    await startChat(gus, 'hal');
    await sendText(gus, 'No presence here');
    await gus.locator('li.msg-out[data-state="sent"]').filter({ hasText: 'No presence here' }).waitFor();
    await openContacts(gus);
    const form = contactsView(gus).getByRole('form', { name: 'Add a contact' });
    await form.getByLabel('User ID').fill('hal');
    await form.getByRole('button', { name: 'Send request' }).click();
    await form.getByRole('status').filter({ hasText: 'Request sent to hal' }).waitFor();
    const { data } = await hal.getContacts();
    assert.deepEqual(data, []);
    assert.equal(await gus.locator('.presence-dot').count(), 0);
    assert.deepEqual(await unexpectedErrors(gus), []);
  },
);
