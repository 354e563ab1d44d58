// An account with a one-time password in real Chromium: the workbench stops at the password change, with no way
// past it but a new password of the account's own (the server refuses everything else to it anyway).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiSession } from './harness/ApiSession.ts';
import { launchBrowser, screenshot } from './harness/launchBrowser.ts';
import { startServer, type RunningServer } from './harness/startServer.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1300, height: 800 } });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the first sign-in with a one-time password', () => {
  it('must change the password before the workbench opens, and a guessable one is refused with the reason', async () => {
    const admin = await ApiSession.login(server.url, server.admin.email, server.admin.password);
    const { password } = await admin.call<{ password: string }>('POST', '/api/users', { email: 'newcomer@example.org', displayName: 'Newcomer' });

    await page.goto(server.url);
    await page.getByTestId('login-email').fill('newcomer@example.org');
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('password-new').waitFor();
    expect(await page.getByTestId('password-skip').count()).toBe(0);
    expect(await page.locator('form button').allInnerTexts()).toEqual(['Sign out', 'Change password']);
    await screenshot(page, 'first-sign-in-password-change');

    await page.getByTestId('password-new').fill('newcomer@example.org');
    await page.getByTestId('password-repeat').fill('newcomer@example.org');
    await page.getByTestId('password-submit').click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('it contains your email address, your name');
    // reloading does not get past it either
    await page.reload();
    await page.getByTestId('password-current').waitFor();

    await page.getByTestId('password-current').fill(password);
    await page.getByTestId('password-new').fill('a passphrase of my own 7');
    await page.getByTestId('password-repeat').fill('a passphrase of my own 7');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('activity-explorer').waitFor();
  });
});
