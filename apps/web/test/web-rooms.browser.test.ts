// Chat rooms in the web client, in a real browser (Debian's Chromium, headless, playwright-core) against a
// real server serving the built client. The app server creates a room (REST, app token) and 20 more; in the
// "Rooms" sidebar the list comes a page at a time; a user who is not a super admin is told they cannot
// create rooms; two pages join the room: the newcomer gets the recent history and the topic (the room's
// description, then the "topic" attribute set by a member, live), the member count in both headers follows
// every join and leave live, messages go both ways with sender names, a dropped connection comes back
// present in the room, and leaving closes the room. Once the
// app server names the user a super admin, creating a room from the client works and opens it. After a
// reload the user is still in the room; a removal by the app server and the room's deletion show.
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
  sendText,
} from './support/browser.js';

let server: TestServer | undefined;
let browser: Browser | undefined;
let appToken = '';
const contexts: BrowserContext[] = [];

/** Calls the app-server REST API `{apiUrl}/{org}/{app}{path}` with the app token. */
async function appCall(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${server!.apiUrl}/${server!.org}/${server!.app}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${appToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as unknown;
  assert.equal(res.status, 200, `${method} ${path}: ${JSON.stringify(json)}`);
  return json;
}

before(async () => {
  if (chromiumMissing) return;
  const why = ensureWebBuilt();
  if (why) process.stderr.write(`# built apps/web for the browser tests: ${why}\n`);
  server = await startTestServer({ webRoot: DIST_DIR });
  browser = await launchChromium();
  const res = await fetch(`${server.apiUrl}/${server.org}/${server.app}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: server.clientId,
      client_secret: server.clientSecret,
    }),
  });
  appToken = ((await res.json()) as { access_token: string }).access_token;
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

/** The member count in the open room's header. */
const memberCount = (page: Page) => page.locator('.room-count');

/** The topic line in the open room's header, showing `topic`. */
const topicLine = (page: Page, topic: string) =>
  page.locator('.room-topic').filter({ hasText: `Topic: ${topic}` });

/** Opens the Rooms sidebar and joins (or opens) room `name`. */
async function joinRoom(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Rooms', exact: true }).click();
  const rooms = page.getByRole('navigation', { name: 'Rooms' });
  await rooms.getByRole('button', { name: new RegExp(`^(Join|Open) the room ${name}$`) }).click();
  await page.getByRole('heading', { name }).waitFor();
}

test('chat rooms in the web client', { skip: chromiumMissing, timeout: 240_000 }, async (t) => {
  await appCall('POST', '/users', [{ username: 'host', password: 'host-secret' }]);
  const lobby = (
    await appCall('POST', '/chatrooms', { name: 'Lobby', owner: 'host', description: 'General talk' })
  ).data.id as string;
  for (let i = 1; i <= 20; i++)
    await appCall('POST', '/chatrooms', { name: `Room ${String(i).padStart(2, '0')}`, owner: 'host' });

  const alice = await newPage();
  const bob = await newPage();
  await createAccount(alice, 'alice', 'alice-secret');
  await createAccount(bob, 'bob', 'bob-secret');

  await t.test('the Rooms sidebar lists the rooms a page at a time', async () => {
    await alice.getByRole('button', { name: 'Rooms', exact: true }).click();
    const rooms = alice.getByRole('navigation', { name: 'Rooms' });
    await rooms
      .getByRole('button', { name: /^Join the room / })
      .first()
      .waitFor();
    assert.equal(await rooms.locator('li.room-row').count(), 20);
    await rooms.getByRole('button', { name: 'More rooms' }).click();
    await rooms.locator('li.room-row').nth(20).waitFor();
    assert.equal(await rooms.locator('li.room-row').count(), 21);
    await rooms.getByRole('button', { name: 'Join the room Lobby' }).waitFor();
  });

  await t.test('someone who is not a super admin is told they cannot create rooms', async () => {
    const rooms = alice.getByRole('navigation', { name: 'Rooms' });
    await rooms.getByRole('button', { name: 'New room' }).click();
    await rooms.getByLabel('Room name').fill('Mine');
    await rooms.getByRole('button', { name: 'Create room' }).click();
    await rooms.getByText(/Only super admins can create rooms/).waitFor();
    assert.equal(await rooms.getByRole('button', { name: 'New room' }).isDisabled(), true);
    assert.equal(await alice.locator('[role=alert]').count(), 0);
  });

  let before = 0;
  await t.test('alice joins: the member count and the description as topic show', async () => {
    await joinRoom(alice, 'Lobby');
    await memberCount(alice)
      .filter({ hasText: /^\d+ members?$/ })
      .waitFor();
    before = Number.parseInt((await memberCount(alice).textContent()) ?? '', 10);
    assert.ok(before >= 2, `host and alice are members: ${before}`); // the owner counts
    await topicLine(alice, 'General talk').waitFor();
    await sendText(alice, 'Hello room');
    await alice.locator('li.msg-out[data-state="sent"]').filter({ hasText: 'Hello room' }).waitFor();
  });

  await t.test('bob joins: he gets the recent history, and both counts go up live', async () => {
    await joinRoom(bob, 'Lobby');
    await messageLog(bob).getByText('Hello room').waitFor();
    await messageLog(bob).locator('.sender').filter({ hasText: 'alice' }).first().waitFor();
    await topicLine(bob, 'General talk').waitFor();
    await memberCount(bob)
      .filter({ hasText: `${before + 1} members` })
      .waitFor();
    await memberCount(alice)
      .filter({ hasText: `${before + 1} members` })
      .waitFor();
  });

  await t.test('a member sets the topic and the other sees it live', async () => {
    await alice.getByRole('button', { name: 'Set topic' }).click();
    await alice.getByLabel('Room topic').fill('Launch day');
    await alice.getByRole('button', { name: 'Save topic' }).click();
    await topicLine(alice, 'Launch day').waitFor();
    await topicLine(bob, 'Launch day').waitFor();
    await messageLog(bob).getByText('alice set the topic: Launch day').waitFor();
    const attrs = await appCall('POST', `/metadata/chatroom/${lobby}`, { keys: ['topic'] });
    assert.equal(attrs.data.topic, 'Launch day');
  });

  await t.test('messages go both ways live with the sender names', async () => {
    await sendText(bob, 'Hi alice');
    await messageLog(alice).getByText('Hi alice').waitFor();
    await messageLog(alice).locator('li').filter({ hasText: 'Hi alice' }).locator('.sender').waitFor();
    await sendText(alice, 'Welcome bob');
    await messageLog(bob).getByText('Welcome bob').waitFor();
  });

  await t.test('after a dropped connection alice is back in the room by herself', async () => {
    assert.equal(await server!.dropConnections('alice'), 1);
    await alice.locator('[role=status][data-state="connected"]').waitFor({ state: 'detached' });
    await alice.locator('[role=status][data-state="connected"]').waitFor();
    // The reconnect is a new login to this node within the grace time: present again, no JOIN needed.
    await sendText(bob, 'Still there?');
    await messageLog(alice).getByText('Still there?').waitFor();
    await memberCount(alice)
      .filter({ hasText: `${before + 1} members` })
      .waitFor();
  });

  await t.test('bob leaves: his room closes and alice sees the count go down', async () => {
    await bob.getByRole('button', { name: 'Leave room' }).click();
    await bob.getByRole('group', { name: 'Leave the room?' }).getByRole('button', { name: 'Leave' }).click();
    await bob.getByRole('heading', { name: 'Lobby' }).waitFor({ state: 'detached' });
    await bob
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('button', { name: 'Join the room Lobby' })
      .waitFor();
    await memberCount(alice)
      .filter({ hasText: `${before} member` })
      .waitFor();
    // No longer present: the room's messages do not reach him.
    await sendText(alice, 'After bob left');
    await alice.locator('li.msg-out[data-state="sent"]').filter({ hasText: 'After bob left' }).waitFor();
    assert.equal(await bob.getByText('After bob left').count(), 0);
  });

  await t.test('once a super admin, alice creates a room and is in it', async () => {
    await appCall('POST', '/chatrooms/super_admin', { superadmin: 'alice' });
    await alice.reload();
    await alice.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await alice.getByRole('button', { name: 'Rooms', exact: true }).click();
    const rooms = alice.getByRole('navigation', { name: 'Rooms' });
    await rooms.getByRole('button', { name: 'New room' }).click();
    await rooms.getByLabel('Room name').fill('Alice Talks');
    await rooms.getByLabel('Description').fill('Ask me anything');
    await rooms.getByRole('button', { name: 'Create room' }).click();
    await alice.getByRole('heading', { name: 'Alice Talks' }).waitFor();
    await topicLine(alice, 'Ask me anything').waitFor();
    await memberCount(alice).filter({ hasText: '1 member' }).waitFor();
    await rooms.getByRole('button', { name: 'Open the room Alice Talks' }).waitFor();
    const errors = await alice.locator('[role=alert]').allTextContents();
    assert.deepEqual(errors, []);
  });

  await t.test('after the reload alice is still in the Lobby, with its messages', async () => {
    const rooms = alice.getByRole('navigation', { name: 'Rooms' });
    await rooms.getByRole('button', { name: 'Open the room Lobby' }).click();
    await alice.getByRole('heading', { name: 'Lobby' }).waitFor();
    await messageLog(alice).getByText('Welcome bob').waitFor();
    await topicLine(alice, 'Launch day').waitFor();
  });

  await t.test(
    'removed by the app server, bob can only join again; a deleted room is read-only',
    async () => {
      await joinRoom(bob, 'Lobby');
      await memberCount(alice)
        .filter({ hasText: `${before + 1} members` })
        .waitFor();
      await appCall('DELETE', `/chatrooms/${lobby}/users/bob`);
      await bob.getByText('You were removed from this room.').waitFor();
      await bob
        .getByRole('group', { name: 'Not in this room' })
        .getByRole('button', { name: 'Join' })
        .waitFor();
      await memberCount(alice)
        .filter({ hasText: `${before} member` })
        .waitFor();
      await appCall('DELETE', `/chatrooms/${lobby}`);
      await alice.getByText('This room was deleted.').waitFor();
      assert.equal(await alice.getByRole('textbox', { name: /^Message to / }).count(), 0);
    },
  );
});
