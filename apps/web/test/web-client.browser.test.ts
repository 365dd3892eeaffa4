// The web client in a real browser: Debian's Chromium, headless, through playwright-core, against a
// real server serving the built client. Two browser profiles register, log in and chat live; one
// reloads and keeps its history; messages sent while a page is closed arrive at login; a third, fresh
// profile gets the conversation list and history from the server; edits show on both sides; pin and
// delete; a wrong password shows its code; a group is created, chatted in, managed (members, admins,
// removal, leave, delete) with its events shown as lines, also at phone width in the dark theme.
// Skipped (with the reason) where Chromium is not installed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import AgoraChat, { type Connection } from '@confab/sdk';
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
  openChat,
  sendText,
  startChat,
} from './support/browser.js';

/** A 2×2 PNG. */
const PNG_2X2 =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4zwAE/xkgFAAb8gP91pbyKwAAAABJRU5ErkJggg==';

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

/** A reason to skip attachment tests while the server has no upload route (the SDK has one). */
async function noChatFiles(): Promise<string | false> {
  const res = await fetch(`${server!.apiUrl}/${server!.org}/${server!.app}/chatfiles`, { method: 'POST' });
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  return body.error === 'service_resource_not_found'
    ? 'the server has no POST /{org}/{app}/chatfiles yet'
    : false;
}

/** A Node SDK client logged in as `user` (another device of that user; `register` creates the user). */
async function sdkClient(user: string, pwd: string, register = false): Promise<Connection> {
  const conn = new AgoraChat.connection({
    appKey: server!.appKey,
    url: server!.wsUrl,
    apiUrl: server!.apiUrl,
  });
  sdkClients.push(conn);
  if (register) await conn.registerUser({ username: user, password: pwd });
  await conn.open({ user, pwd });
  return conn;
}

/** Waits (bounded) until `check` holds, polling every 100 ms. */
async function eventually(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The error banners shown on `page`, except those matching `expected`. */
async function unexpectedErrors(page: Page, expected?: RegExp): Promise<string[]> {
  const texts = await page.locator('[role=alert]').allTextContents();
  return texts.filter((t) => !expected?.test(t));
}

async function newPage(width?: number, colorScheme?: 'light' | 'dark'): Promise<Page> {
  const context = await isolatedContext(browser!, server!.apiUrl, {
    ...(width ? { width } : {}),
    ...(colorScheme ? { colorScheme } : {}),
  });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(server!.apiUrl);
  return page;
}

test('two people chat in the web client', { skip: chromiumMissing, timeout: 120_000 }, async (t) => {
  const alice = await newPage();
  const bob = await newPage();

  await t.test('the login form has the demo app key prefilled', async () => {
    assert.equal(await alice.getByLabel('App key').inputValue(), server!.appKey);
  });

  await t.test('both register and log in, and the connection state shows', async () => {
    await createAccount(alice, 'alice', 'alice-secret');
    await createAccount(bob, 'bob', 'bob-secret');
    assert.match((await alice.getByRole('status').textContent()) ?? '', /Connected/);
  });

  await t.test('alice starts a conversation and bob gets it live with an unread badge', async () => {
    await startChat(alice, 'bob');
    await sendText(alice, 'Hi Bob!');
    await messageLog(alice).getByText('Hi Bob!').waitFor();
    // The server's ACK turns the message from sending into sent.
    await alice.locator('li.msg-out[data-state="sent"]').filter({ hasText: 'Hi Bob!' }).waitFor();
    const entry = bob.getByRole('button', { name: /^alice, 1 unread, last message: Hi Bob!/ });
    await entry.waitFor();
    await entry.click();
    await messageLog(bob).getByText('Hi Bob!').waitFor();
    await bob.getByRole('button', { name: /^alice, last message/ }).waitFor(); // badge gone
    // Bob has it open, so the client sends a read receipt and alice's message turns "read".
    await alice.locator('li.msg-out[data-state="read"]').filter({ hasText: 'Hi Bob!' }).waitFor();
  });

  await t.test('bob answers (Enter sends, Shift+Enter is a new line) and alice sees it live', async () => {
    await sendText(bob, 'Hello Alice');
    await messageLog(alice).getByText('Hello Alice').waitFor();
    await sendText(bob, 'line one\nline two');
    const multi = messageLog(alice).locator('p.text').filter({ hasText: 'line one' });
    await multi.waitFor();
    assert.equal(await multi.textContent(), 'line one\nline two');
  });

  await t.test('after a reload bob is still logged in, with his history, and gets new messages', async () => {
    await bob.reload();
    await bob.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await openChat(bob, 'alice');
    const log = messageLog(bob);
    for (const text of ['Hi Bob!', 'Hello Alice', 'line one']) await log.getByText(text).waitFor();
    await sendText(alice, 'Welcome back');
    await log.getByText('Welcome back').waitFor();
  });

  await t.test('a sender recalls a message and it disappears on both sides', async () => {
    const mine = messageLog(alice).locator('li').filter({ hasText: 'Welcome back' });
    await mine.hover();
    await mine.getByRole('button', { name: 'Recall this message' }).click();
    await messageLog(alice).getByText('You recalled this message').waitFor();
    await messageLog(bob).getByText('Message recalled').waitFor();
    assert.equal(await messageLog(bob).getByText('Welcome back').count(), 0);
  });

  await t.test('images and files go both ways', { skip: await noChatFiles() }, async () => {
    await alice.locator('input[type=file]').setInputFiles([
      { name: 'dot.png', mimeType: 'image/png', buffer: Buffer.from(PNG_2X2, 'base64') },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('meeting at 10') },
    ]);
    await messageLog(bob).getByRole('img', { name: 'Image from alice' }).waitFor();
    await bob.waitForFunction(
      () => document.querySelector<HTMLImageElement>('img.image')?.naturalWidth === 2,
    );
    const [download] = await Promise.all([
      bob.waitForEvent('download'),
      messageLog(bob).getByRole('button', { name: 'Download notes.txt' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'notes.txt');
  });

  await t.test('messages sent while bob has no page open arrive when he comes back', async () => {
    const context = bob.context();
    await bob.close();
    await sendText(alice, 'While you were away');
    await alice.locator('li.msg-out[data-state="sent"]').filter({ hasText: 'While you were away' }).waitFor();
    const again = await context.newPage();
    await again.goto(server!.apiUrl);
    await again
      .getByRole('button', { name: /^alice, 1 unread, last message: While you were away/ })
      .waitFor();
    await openChat(again, 'alice');
    await messageLog(again).getByText('While you were away').waitFor();
    await again.close();
  });

  let fresh: Page;
  let bobSdk: Connection | undefined;
  await t.test(
    'on a fresh browser profile bob gets his conversations and history from the server',
    async () => {
      // 35 more messages from another device of alice: the history has more than one page.
      const aliceSdk = await sdkClient('alice', 'alice-secret');
      for (let i = 1; i <= 35; i++)
        await aliceSdk.send(
          AgoraChat.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: `Filler ${i}` }),
        );
      fresh = await newPage();
      assert.deepEqual(await fresh.evaluate(() => Object.keys(localStorage)), []);
      await logIn(fresh, 'bob', 'bob-secret');
      // Last message and unread count come from the server's list.
      const entry = fresh.getByRole('button', { name: /^alice, 35 unread, last message: Filler 35$/ });
      await entry.waitFor();
      await entry.click();
      const log = messageLog(fresh);
      await log.getByText('Filler 35').waitFor();
      await log.getByText('Filler 6', { exact: true }).waitFor();
      assert.equal(await log.getByText('Hi Bob!').count(), 0, 'the first page is the newest 30');
      await fresh.getByRole('button', { name: /^alice, last message: Filler 35$/ }).waitFor(); // badge gone
      // Scrolling up loads the older page from the server, de-duplicated with what is shown.
      await log.evaluate((el) => el.scrollTo(0, 0));
      await log.getByText('Hi Bob!').waitFor();
      for (const text of ['Hi Bob!', 'Hello Alice', 'While you were away', 'Filler 1', 'Filler 35'])
        assert.equal(await log.getByText(text, { exact: true }).count(), 1, text);
      assert.equal(await log.locator('p.text').filter({ hasText: 'line one' }).count(), 1);
      assert.equal(await log.getByText('Welcome back').count(), 0, 'recalled messages are not in history');
      assert.equal(await fresh.getByRole('button', { name: 'Load older messages' }).count(), 0);
      // Opening it sent a channel ack: the server's unread count is 0 too.
      const bobDevice = await sdkClient('bob', 'bob-secret');
      bobSdk = bobDevice;
      await eventually('the server to clear the unread count', async () => {
        const { data } = await bobDevice.getServerConversations({});
        return data.conversations.find((c) => c.conversationId === 'alice')?.unReadCount === 0;
      });
    },
  );

  await t.test('an edit by one side shows as edited on the other side', async () => {
    const mine = messageLog(alice).locator('li.msg-out').filter({ hasText: 'Filler 35' });
    // Escape cancels (and stays in the conversation).
    await mine.hover();
    await mine.getByRole('button', { name: 'Edit this message' }).click();
    const box = alice.getByRole('textbox', { name: 'Edit message' });
    await box.fill('never mind');
    await box.press('Escape');
    assert.equal(await box.count(), 0);
    await alice.getByRole('heading', { name: 'bob' }).waitFor();
    await mine.getByText('Filler 35').waitFor();
    // Enter saves.
    await mine.hover();
    await mine.getByRole('button', { name: 'Edit this message' }).click();
    await box.fill('Filler 35, corrected');
    await box.press('Enter');
    const edited = messageLog(alice)
      .locator('li.msg-out[data-edited]')
      .filter({ hasText: 'Filler 35, corrected' });
    await edited.getByText('edited', { exact: true }).waitFor();
    const theirs = messageLog(fresh)
      .locator('li.msg-in[data-edited]')
      .filter({ hasText: 'Filler 35, corrected' });
    await theirs.getByText('edited', { exact: true }).waitFor();
    await fresh.getByRole('button', { name: /^alice, last message: Filler 35, corrected$/ }).waitFor();
    assert.deepEqual(await unexpectedErrors(fresh), []);
    assert.deepEqual(await unexpectedErrors(alice), []);
  });

  await t.test('bob pins, unpins and deletes a conversation', async () => {
    await sdkClient('erin', 'erin-secret', true);
    await startChat(fresh, 'erin');
    await sendText(fresh, 'Hi Erin');
    await fresh.locator('li.msg-out[data-state="sent"]').filter({ hasText: 'Hi Erin' }).waitFor();
    const list = fresh.getByRole('navigation', { name: 'Conversations' });
    const first = () => list.locator('button.conv').first().getAttribute('aria-label');
    assert.match((await first()) ?? '', /^erin\b/);
    await list.getByRole('button', { name: 'Pin the chat with alice' }).click();
    await list.getByRole('button', { name: /^alice, pinned/ }).waitFor();
    assert.match((await first()) ?? '', /^alice, pinned/);
    await list.getByRole('button', { name: 'Unpin the chat with alice' }).click();
    await list.getByRole('button', { name: /^alice, last message/ }).waitFor();
    assert.match((await first()) ?? '', /^erin\b/);
    // Delete asks first; Escape cancels.
    await list.getByRole('button', { name: 'Delete the chat with alice' }).click();
    const confirm = list.getByRole('group', { name: /Delete the chat with alice/ });
    await confirm.getByRole('button', { name: 'Cancel' }).press('Escape');
    assert.equal(await confirm.count(), 0);
    await list.getByRole('button', { name: 'Delete the chat with alice' }).click();
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await eventually(
      'alice to leave the list',
      async () => (await list.getByRole('button', { name: /^alice,/ }).count()) === 0,
    );
    // Deleted on the server too: a reload (which merges the server's list) does not bring it back.
    await fresh.reload();
    await fresh.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await list.getByRole('button', { name: /^erin\b/ }).waitFor();
    const { data } = await bobSdk!.getServerConversations({});
    assert.deepEqual(
      data.conversations.map((c) => c.conversationId),
      ['erin'],
    );
    assert.equal(await list.getByRole('button', { name: /^alice,/ }).count(), 0);
    assert.deepEqual(await unexpectedErrors(fresh, /Sending a message to erin/), []);
  });

  await t.test('starting a chat with a user that does not exist says so at once', async () => {
    const input = alice.getByLabel('Start a conversation with user ID');
    await input.fill('nobody-here');
    await input.press('Enter');
    await alice.getByRole('alert').filter({ hasText: 'There is no user nobody-here' }).waitFor();
    assert.equal(await alice.getByRole('heading', { name: 'nobody-here' }).count(), 0);
    assert.equal(await input.inputValue(), 'nobody-here');
    assert.deepEqual(await unexpectedErrors(alice, /There is no user nobody-here/), []);
  });

  await t.test('logging out returns to the login form', async () => {
    await alice.getByRole('button', { name: 'Log out' }).click();
    await alice.getByLabel('Password').waitFor();
  });
});

test(
  'a group: created with a member, messages with sender names, members and roles, events as lines',
  { skip: chromiumMissing, timeout: 120_000 },
  async (t) => {
    const ann = await newPage();
    const ben = await newPage();
    await createAccount(ann, 'ann', 'ann-secret');
    await createAccount(ben, 'ben', 'ben-secret');
    const cat = await sdkClient('cat', 'cat-secret', true);
    const listOf = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });
    const line = (page: Page, text: string) =>
      messageLog(page)
        .locator('li.event-line')
        .filter({ hasText: new RegExp(`^${text}$`) });
    const fromSender = (page: Page, sender: string, text: string) =>
      messageLog(page)
        .locator('li.msg-in')
        .filter({ has: page.locator('.sender', { hasText: sender }) })
        .filter({
          hasText: text,
        });
    const members = (page: Page) => page.getByRole('list', { name: 'Members of Team' });
    const member = (page: Page, user: string) =>
      members(page)
        .getByRole('listitem')
        .filter({ has: page.locator('.member-name', { hasText: user }) });
    /** Waits until `user` is listed with `role` (Owner, Admin or Member). */
    const hasRole = (page: Page, user: string, role: string) =>
      member(page, user)
        .locator('.role', { hasText: new RegExp(`^${role}$`) })
        .waitFor();

    await t.test('ann creates "Team" with ben; it is in both lists, ben is told he was added', async () => {
      await listOf(ann).getByRole('button', { name: 'New group' }).click();
      const form = ann.getByRole('form', { name: 'New group' });
      await form.getByLabel('Group name').fill('Team');
      await form.getByLabel('Members').fill('ben, ann');
      await form.getByRole('button', { name: 'Create group' }).click();
      await ann.getByRole('heading', { name: 'Team' }).waitFor();
      assert.equal(await form.count(), 0, 'the form closes');
      await listOf(ann)
        .getByRole('button', { name: /^Team, group\b/ })
        .waitFor();
      await line(ann, 'You created the group').waitFor();
      await line(ann, 'You added ben').waitFor();
      await ann.getByText('2 members').waitFor();
      const entry = listOf(ben).getByRole('button', { name: /^Team, group, last message: ann added you$/ });
      await entry.waitFor();
      await entry.click();
      await line(ben, 'ann added you').waitFor();
    });

    await t.test('messages both ways show who sent them', async () => {
      await sendText(ann, 'Hello team');
      await fromSender(ben, 'ann', 'Hello team').waitFor();
      await ann.locator('li.msg-out[data-state="sent"]').filter({ hasText: 'Hello team' }).waitFor();
      await sendText(ben, 'Hi ann');
      await fromSender(ann, 'ben', 'Hi ann').waitFor();
      assert.equal(await ann.locator('li.msg-out .sender').count(), 0, 'own messages carry no name');
      await listOf(ben)
        .getByRole('button', { name: /^Team, group, last message: Hi ann$/ })
        .waitFor();
    });

    await t.test('the member list shows roles; ann adds cat and ben sees cat join', async () => {
      await ann.getByRole('button', { name: 'Members', exact: true }).click();
      await hasRole(ann, 'ann', 'Owner');
      await hasRole(ann, 'ben', 'Member');
      await ann.getByLabel('Add members by user ID').fill('cat');
      await ann.getByLabel('Add members by user ID').press('Enter');
      await line(ann, 'You added cat').waitFor();
      await line(ben, 'cat joined').waitFor();
      await hasRole(ann, 'cat', 'Member');
      await ann.getByText('3 members').waitFor();
      // A member may not add, promote or remove here.
      await ben.getByRole('button', { name: 'Members', exact: true }).click();
      await member(ben, 'cat').waitFor();
      assert.equal(await members(ben).getByRole('button').count(), 0);
    });

    await t.test('ann makes cat an admin; cat writes; ann removes cat', async () => {
      await members(ann).getByRole('button', { name: 'Make admin cat' }).click();
      await line(ann, 'cat is now an admin').waitFor();
      await line(ben, 'cat is now an admin').waitFor();
      await hasRole(ann, 'cat', 'Admin');
      await hasRole(ben, 'cat', 'Admin');
      const mine = (await cat.getJoinedGroups({ pageNum: 0, pageSize: 20, needRole: true })) as {
        entities?: { groupId: string; role?: string }[];
      };
      const joined = mine.entities?.[0];
      assert.ok(joined);
      assert.equal(joined.role, 'admin');
      await cat.send(
        AgoraChat.message.create({ type: 'txt', chatType: 'groupChat', to: joined.groupId, msg: 'cat here' }),
      );
      await fromSender(ann, 'cat', 'cat here').waitFor();
      await fromSender(ben, 'cat', 'cat here').waitFor();
      await members(ann).getByRole('button', { name: 'Remove cat' }).click();
      await line(ann, 'cat was removed').waitFor();
      await line(ben, 'cat left').waitFor();
      await eventually('cat to leave the member lists', async () => {
        const counts = await Promise.all([ann, ben].map((p) => member(p, 'cat').count()));
        return counts.every((n) => n === 0);
      });
    });

    await t.test(
      'ben leaves (after confirming): the group goes from his list; ann sees him leave',
      async () => {
        await ben.getByRole('button', { name: 'Leave group' }).click();
        const confirm = ben.getByRole('group', { name: 'Leave Team?' });
        await confirm.getByRole('button', { name: 'Cancel' }).press('Escape');
        assert.equal(await confirm.count(), 0);
        await ben.getByRole('button', { name: 'Leave group' }).click();
        await confirm.getByRole('button', { name: 'Leave', exact: true }).click();
        await eventually(
          'Team to leave ben’s list',
          async () =>
            (await listOf(ben)
              .getByRole('button', { name: /^Team\b/ })
              .count()) === 0,
        );
        await line(ann, 'ben left').waitFor();
        await member(ann, 'ann').waitFor();
        assert.equal(await member(ann, 'ben').count(), 0);
      },
    );

    await t.test('ann deletes the group for everyone', async () => {
      await ann.getByRole('button', { name: 'Delete group' }).click();
      await ann
        .getByRole('group', { name: /^Delete Team for everyone\?/ })
        .getByRole('button', { name: 'Delete group' })
        .click();
      await eventually(
        'Team to leave ann’s list',
        async () =>
          (await listOf(ann)
            .getByRole('button', { name: /^Team\b/ })
            .count()) === 0,
      );
      const left = await cat.getJoinedGroupsCount();
      assert.equal(left.data, 0);
      assert.deepEqual(await unexpectedErrors(ann), []);
      assert.deepEqual(await unexpectedErrors(ben), []);
    });
  },
);

test(
  'a group at phone width in the dark theme: the member list takes the conversation’s place',
  { skip: chromiumMissing, timeout: 60_000 },
  async () => {
    const page = await newPage(390, 'dark');
    await createAccount(page, 'dora', 'dora-secret');
    await page.getByRole('button', { name: 'New group' }).click();
    await page.getByLabel('Group name').fill('Night owls');
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('heading', { name: 'Night owls' }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Conversations' }).isVisible(), false);
    await page.getByRole('button', { name: 'Members', exact: true }).click();
    await page.getByRole('list', { name: 'Members of Night owls' }).getByText('Owner').waitFor();
    assert.equal(await messageLog(page).isVisible(), false, 'the member list replaces the messages');
    const panel = page.getByRole('complementary');
    const box = await panel.boundingBox();
    assert.ok(box && box.width > 380, `the member list is full width (${box?.width})`);
    const background = await panel.evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(background, 'rgb(23, 27, 33)', 'the dark panel colour');
    await page.getByRole('button', { name: 'Close the member list' }).click();
    await messageLog(page).getByText('You created the group').waitFor();
    await page.getByRole('button', { name: 'Back to conversations' }).click();
    await page
      .getByRole('button', { name: /^Night owls, group, last message: You created the group$/ })
      .waitFor();
  },
);

test(
  'a wrong password shows the error with its code',
  { skip: chromiumMissing, timeout: 60_000 },
  async () => {
    const page = await newPage();
    await createAccount(page, 'carol', 'right-password');
    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn(page, 'carol', 'wrong-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    assert.match(text, /^Logging in: Wrong user ID or password\. \(code 1\)$/, text);
    // The form is still there to try again.
    assert.equal(await page.getByLabel('User ID').inputValue(), 'carol');
  },
);

test('at phone width one pane shows at a time', { skip: chromiumMissing, timeout: 60_000 }, async () => {
  const page = await newPage(390);
  await createAccount(page, 'dave', 'dave-secret');
  await startChat(page, 'alice');
  assert.equal(await page.getByRole('navigation', { name: 'Conversations' }).isVisible(), false);
  await page.getByRole('button', { name: 'Back to conversations' }).click();
  await page.getByRole('navigation', { name: 'Conversations' }).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'alice' }).count(), 0);
});
