// Headless Debian Chromium through playwright-core, with every request to anything but the test
// server refused, plus the UI steps the browser tests and the screenshot script share.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env['CONFAB_CHROMIUM'] ?? '/usr/bin/chromium';

/** A reason to skip browser tests, or false when Chromium is there. */
export const chromiumMissing: string | false = existsSync(CHROMIUM_PATH)
  ? false
  : `Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium (or set CONFAB_CHROMIUM)`;

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 30_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A fresh browser profile that can reach `origin` (http and ws) and nothing else. */
export async function isolatedContext(
  browser: Browser,
  origin: string,
  options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1024, height: options.height ?? 700 },
    colorScheme: options.colorScheme ?? 'light',
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  const allowed = new URL(origin).host;
  await context.route('**/*', (route) =>
    new URL(route.request().url()).host === allowed ? route.continue() : route.abort('blockedbyclient'),
  );
  context.setDefaultTimeout(15_000);
  return context;
}

export async function createAccount(page: Page, user: string, pwd: string): Promise<void> {
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await page.getByLabel('User ID').fill(user);
  await page.getByLabel('Password').fill(pwd);
  await page.getByRole('button', { name: 'Create account and log in' }).click();
  await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
}

export async function logIn(page: Page, user: string, pwd: string): Promise<void> {
  await page.getByLabel('User ID').fill(user);
  await page.getByLabel('Password').fill(pwd);
  await page.getByRole('button', { name: 'Log in', exact: true }).last().click();
}

export async function startChat(page: Page, peer: string): Promise<void> {
  await page.getByLabel('Start a conversation with user ID').fill(peer);
  await page.getByLabel('Start a conversation with user ID').press('Enter');
  await page.getByRole('heading', { name: peer }).waitFor();
}

export async function openChat(page: Page, peer: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('button', { name: new RegExp(`^${peer}\\b`) })
    .click();
  await page.getByRole('heading', { name: peer }).waitFor();
}

/** Types into the composer and presses Enter, as a person would. */
export async function sendText(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: /^Message to / });
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (i > 0) await box.press('Shift+Enter');
    await box.pressSequentially(line, { delay: 0 });
  }
  await box.press('Enter');
}

/** The message log of the open conversation. */
export function messageLog(page: Page) {
  return page.getByRole('log');
}
