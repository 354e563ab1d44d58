// Review on a project with more flagged words than a page: a 10-minute recording with every word flagged (threshold
// 1) between two short interviews. The Review view shows the words 500 at a time ("Show more"), each once; F8 past
// the long transcript's last flagged word opens the interview after it, which lies beyond the first 1,000 flagged
// words of the project (one request's worth before pages existed, when F8 wrapped round to the first transcript).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { longRecording } from './harness/longRecording.ts';
import { renderWav, transcribe, upload } from './harness/seed.ts';
import { INTERVIEW } from './harness/seedProject.ts';
import { useWorkbench } from './harness/useWorkbench.ts';
import { openPalette } from './harness/workbench.ts';

const w = useWorkbench({ threshold: 1 });
let long: string;
let after: string;
let page: Page;

type FlaggedPage = { total: number; items: Array<{ transcriptId: string; start: number }>; next: string | null };

beforeAll(async () => {
  const longMedia = await upload(w.seeded.admin, w.seeded.projectId, longRecording(600));
  long = await transcribe(w.seeded.admin, w.seeded.projectId, longMedia, 300_000);
  const afterMedia = await upload(w.seeded.admin, w.seeded.projectId, renderWav(w.seeded.dir, 'afterwards', INTERVIEW));
  after = await transcribe(w.seeded.admin, w.seeded.projectId, afterMedia);
  page = await w.open(w.seeded.editor, { viewport: { width: 1300, height: 800 } });
}, 400_000);

/** Every flagged word of the project, as the API pages them. */
async function everyFlagged(): Promise<FlaggedPage['items']> {
  const items: FlaggedPage['items'] = [];
  let next: string | null = null;
  do {
    const page: FlaggedPage = await w.seeded.admin.call<FlaggedPage>('GET', `/api/projects/${w.seeded.projectId}/flagged?limit=2000${next === null ? '' : `&after=${next}`}`);
    items.push(...page.items);
    next = page.next;
  } while (next !== null);
  return items;
}

const shownItems = () => page.locator('[data-testid="review-item"]');
const openTranscriptId = () => page.locator('[data-testid="transcript-editor"]:visible').evaluate((el) => (el.closest('[data-transcript-id]') as HTMLElement | null)?.dataset.transcriptId);

describe('reviewing a project with thousands of flagged words', () => {
  it('shows the flagged words a page at a time, each once, until all are there', async () => {
    const all = await everyFlagged();
    const inLong = all.filter((item) => item.transcriptId === long).length;
    // the case this is about: the long transcript alone holds more than F8's page
    expect(inLong).toBeGreaterThan(1000);

    await openPalette(page);
    await page.keyboard.type('show review');
    await page.keyboard.press('Enter');
    await page.getByTestId('review-view').waitFor();
    await expect.poll(() => shownItems().count(), { timeout: 30_000 }).toBe(500);
    await expect(page.getByTestId('review-more').innerText()).resolves.toContain('500 shown');
    for (let shown = 500; shown < all.length; shown = Math.min(shown + 500, all.length)) {
      await page.getByTestId('review-more').click();
      await expect.poll(() => shownItems().count(), { timeout: 30_000 }).toBe(Math.min(shown + 500, all.length));
    }
    expect(await page.getByTestId('review-more').count()).toBe(0);
    const keys = await shownItems().evaluateAll((els) => els.map((el) => `${(el as HTMLElement).dataset.transcriptId} ${(el as HTMLElement).dataset.start}`));
    expect(new Set(keys).size).toBe(all.length);
    expect(keys).toEqual(all.map((item) => `${item.transcriptId} ${item.start}`));
    expect(await page.locator('.vb-review-head').innerText()).toContain(`${all.length} flagged below 100%`);
  });

  it('F8 past the last flagged word of the long transcript opens the next transcript, not the first again', async () => {
    await shownItems().and(page.locator(`[data-transcript-id="${long}"]`)).last().click();
    await expect.poll(openTranscriptId, { timeout: 30_000 }).toBe(long);
    // the first F8 may still select the word clicked; by the second the walk has left the long transcript
    await page.keyboard.press('F8');
    await page.keyboard.press('F8');
    await expect.poll(openTranscriptId, { timeout: 30_000 }).toBe(after);
  });
});
