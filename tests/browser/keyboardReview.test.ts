// Keyboard-only review: no mouse from sign-in to the last correction. Sign in, open the Review view from the
// command palette, F8 into the project's first flagged word, accept with Ctrl+Enter, F8 on, type a correction, F8.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from './harness/launchBrowser.ts';
import { openPalette } from './harness/workbench.ts';
import { useWorkbench } from './harness/useWorkbench.ts';

const w = useWorkbench();
let page: Page;

beforeAll(async () => {
  page = await w.open(undefined, { viewport: { width: 1300, height: 800 } });
});

type Review = { action: string; before: string; after: string; userId: string };
const reviews = async () => (await w.seeded.admin.call<{ reviews: Review[] }>('GET', `/api/transcripts/${w.seeded.transcriptId}/reviews`)).reviews;
const selected = () => page.evaluate(() => window.getSelection()?.toString().trim() ?? '');

describe('reviewing with the keyboard only', () => {
  it('signs in, opens the Review view and walks, accepts and corrects flagged words without the mouse', async () => {
    await page.goto(w.server.url);
    await page.getByTestId('login-email').waitFor();
    // the email field has the focus
    await page.keyboard.type(w.seeded.editor.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(w.seeded.editor.password);
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
    await expect.poll(reviews).toContainEqual(expect.objectContaining({ action: 'accept', before: first, userId: w.seeded.editor.id }));

    await page.keyboard.press('F8');
    await expect.poll(selected).not.toBe('');
    const second = await selected();
    await page.keyboard.type('kilimanjaro');
    await page.keyboard.press('F8');
    await expect.poll(reviews).toContainEqual(expect.objectContaining({ action: 'correct', before: second, after: 'kilimanjaro' }));
    // the status bar and the Problems panel follow the reviews: they count what the turns' headers count
    const headers = () => page.locator('[data-testid="transcript-editor"]:visible [data-testid="turn-flagged"]').evaluateAll((els) => els.reduce((n, e) => n + Number((e.textContent ?? '').replace(/\D/g, '')), 0));
    const stillFlagged = await headers();
    await expect.poll(async () => parseInt((await page.getByTestId('status-flagged').innerText()).replace(/\D/g, ''), 10)).toBe(stillFlagged);
    await expect.poll(() => page.getByTestId('problem-row').count()).toBe(stillFlagged);
    await screenshot(page, 'keyboard-review');

    // the accepted word is marked reviewed in the document everyone shares
    const accepted = page.locator('[data-testid="transcript-editor"]:visible span[data-reviewed="true"]');
    expect(await accepted.count()).toBeGreaterThanOrEqual(1);
  });
});
