// Keyboard-only review: no mouse from sign-in to the last correction. Sign in, open the Review view from the
// command palette, F8 into the project's first flagged word, accept with Ctrl+Enter, F8 on, type a correction, F8.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './harness/launchBrowser.ts';
import { seedProject, type SeededProject } from './harness/seedProject.ts';
import { startServer, type RunningServer } from './harness/startServer.ts';
import { openPalette } from './harness/workbench.ts';

let server: RunningServer;
let seeded: SeededProject;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  seeded = await seedProject(server);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1300, height: 800 } });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type Review = { action: string; before: string; after: string; userId: string };
const reviews = async () => (await seeded.admin.call<{ reviews: Review[] }>('GET', `/api/transcripts/${seeded.transcriptId}/reviews`)).reviews;
const selected = () => page.evaluate(() => window.getSelection()?.toString().trim() ?? '');

describe('reviewing with the keyboard only', () => {
  it('signs in, opens the Review view and walks, accepts and corrects flagged words without the mouse', async () => {
    await page.goto(server.url);
    await page.getByTestId('login-email').waitFor();
    // the email field has the focus
    await page.keyboard.type(seeded.editor.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(seeded.editor.password);
    await page.keyboard.press('Enter');
    await page.getByTestId('activity-explorer').waitFor();

    await openPalette(page);
    await page.keyboard.type('show review');
    await expect.poll(() => page.locator('[data-testid="command-palette-item"][aria-selected="true"]').getAttribute('data-command-id')).toBe('view.review');
    await page.keyboard.press('Enter');
    await page.getByTestId('review-view').waitFor();
    await page.locator('[data-testid="review-item"]').first().waitFor();

    // F8 from the Review view opens the transcript at the project's first flagged word
    await page.keyboard.press('F8');
    await page.locator('[data-testid="transcript-editor"]:visible span[data-word]').first().waitFor();
    await expect.poll(selected, { timeout: 15_000 }).not.toBe('');
    const first = await selected();
    await page.keyboard.press('Control+Enter');
    await expect.poll(reviews).toContainEqual(expect.objectContaining({ action: 'accept', before: first, userId: seeded.editor.id }));

    await page.keyboard.press('F8');
    await expect.poll(selected).not.toBe('');
    const second = await selected();
    await page.keyboard.type('kilimanjaro');
    await page.keyboard.press('F8');
    await expect.poll(reviews).toContainEqual(expect.objectContaining({ action: 'correct', before: second, after: 'kilimanjaro' }));
    await screenshot(page, 'keyboard-review');

    // the accepted word is marked reviewed in the document everyone shares
    const accepted = page.locator('[data-testid="transcript-editor"]:visible span[data-reviewed="true"]');
    expect(await accepted.count()).toBeGreaterThanOrEqual(1);
  });
});
