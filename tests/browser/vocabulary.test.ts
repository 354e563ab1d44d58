// Add to Vocabulary never turns common words into the term, in real Chromium against the real server and the bundled
// model: the correction "at" -> "atrial" adds "atrial" without "at" as its sounds-like form (the dialog says why), a
// proposed form is removed with the keyboard before confirming, the Vocabulary view shows where each entry came from
// and edits and deletes entries, and the next recording that says "at" still reads "at".
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from './harness/launchBrowser.ts';
import { runFromPalette } from './harness/runFromPalette.ts';
import { renderWav, transcribe, upload } from './harness/seed.ts';
import { useWorkbench } from './harness/useWorkbench.ts';

const w = useWorkbench({ threshold: 1 });
let page: Page;
let errors: string[];

beforeAll(async () => {
  ({ page, errors } = await w.openSeededTranscript());
});

interface Entry {
  phrase: string;
  soundsLike?: string[];
  displayAs?: string;
  source: { kind: string; transcriptId?: string; mediaName?: string; before?: string; after?: string };
  createdByName: string | null;
  updatedByName: string | null;
}

const vocabulary = async () => (await w.seeded.admin.call<{ entries: Entry[] }>('GET', `/api/projects/${w.seeded.projectId}/vocabulary`)).entries;
const corrections = async () =>
  (await w.seeded.admin.call<{ reviews: Array<{ action: string; before: string; after: string }> }>('GET', `/api/transcripts/${w.seeded.transcriptId}/reviews`)).reviews.filter(
    (r) => r.action === 'correct',
  );
const words = () => page.locator('[data-testid="transcript-editor"]:visible span[data-word]');
const dialog = () => page.getByTestId('vocabulary-dialog');

/** Retypes words `from` to `to` (0-based): a click before the first, a Shift+click after the last, the new text, F8. */
async function correct(from: number, to: number, typed: string): Promise<string> {
  const texts = await words().evaluateAll((spans) => spans.map((span) => span.textContent ?? ''));
  const before = texts.slice(from, to + 1).join(' ');
  const first = (await words().nth(from).boundingBox())!;
  const last = (await words().nth(to).boundingBox())!;
  await page.mouse.click(first.x + 1, first.y + first.height / 2);
  await page.keyboard.down('Shift');
  await page.mouse.click(last.x + last.width - 1, last.y + last.height / 2);
  await page.keyboard.up('Shift');
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe(before);
  await page.keyboard.type(typed);
  await page.keyboard.press('F8');
  await expect.poll(corrections).toContainEqual(expect.objectContaining({ before, after: typed }));
  return before;
}

describe('Add to Vocabulary', () => {
  it('adds "atrial" from the correction of "at" without "at" as its sounds-like form, saying why', async () => {
    const texts = await words().evaluateAll((spans) => spans.map((span) => span.textContent ?? ''));
    const at = texts.indexOf('at');
    expect(at, texts.join(' ')).toBeGreaterThanOrEqual(0);
    await correct(at, at, 'atrial');

    await runFromPalette(page, 'add the correction', 'review.addToVocabulary');
    await dialog().waitFor();
    await expect.poll(() => page.getByTestId('vocabulary-phrase').inputValue()).toBe('atrial');
    await page.locator('[data-testid="vocabulary-withheld"][data-form="at"]').waitFor();
    expect(await page.locator('[data-testid="vocabulary-withheld"][data-form="at"]').innerText()).toMatch(/too common/);
    expect(await page.getByTestId('vocabulary-sounds-like').count()).toBe(0);
    // nothing is stored before the user confirms
    expect(await vocabulary()).toEqual([]);
    await screenshot(page, 'vocabulary-dialog');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog().count()).toBe(0);
    await expect.poll(vocabulary).toEqual([
      expect.objectContaining({
        phrase: 'atrial',
        source: { kind: 'correction', transcriptId: w.seeded.transcriptId, mediaName: 'interview.wav', before: 'at', after: 'atrial' },
        createdByName: 'eve',
      }),
    ]);
    expect((await vocabulary())[0]).not.toHaveProperty('soundsLike');
  });

  it('proposes a misheard phrase as the sounds-like form, which the keyboard removes before confirming', async () => {
    const before = await correct(1, 2, 'kilimanjaro');
    await runFromPalette(page, 'add the correction', 'review.addToVocabulary');
    await dialog().waitFor();
    const chip = page.locator(`[data-testid="vocabulary-sounds-like"][data-form="${before}"]`);
    await chip.waitFor();
    expect(await page.getByTestId('vocabulary-phrase').inputValue()).toBe('kilimanjaro');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('vocabulary-remove-sounds-like');
    await page.keyboard.press('Enter');
    await expect.poll(() => chip.count()).toBe(0);
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog().count()).toBe(0);
    await expect.poll(async () => (await vocabulary()).find((e) => e.phrase === 'kilimanjaro')).toMatchObject({ source: { kind: 'correction', before } });
    expect((await vocabulary()).find((e) => e.phrase === 'kilimanjaro')).not.toHaveProperty('soundsLike');
  });

  it('shows where each entry came from in the Vocabulary view, and edits and deletes entries there', async () => {
    await runFromPalette(page, "show the project's vocabulary", 'view.vocabulary');
    const atrial = page.locator('[data-testid="vocabulary-item"][data-phrase="atrial"]');
    await atrial.waitFor();
    expect(await atrial.getByTestId('vocabulary-item-source').innerText()).toMatch(/From the correction "at" → "atrial" in interview\.wav, added by eve/);
    await screenshot(page, 'vocabulary-view');

    // a common word is refused as a sounds-like form here too; a misheard one is kept
    await atrial.getByTestId('vocabulary-edit').click();
    await page.keyboard.type('at');
    await page.keyboard.press('Enter');
    await expect.poll(() => atrial.locator('[role="alert"]').innerText()).toMatch(/too common/);
    expect((await vocabulary()).find((e) => e.phrase === 'atrial')).not.toHaveProperty('soundsLike');
    await page.getByTestId('vocabulary-edit-sounds-like').fill('a trial');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await vocabulary()).find((e) => e.phrase === 'atrial')).toMatchObject({ soundsLike: ['a trial'], updatedByName: 'eve' });
    await expect.poll(() => atrial.getByTestId('vocabulary-item-sounds-like').innerText()).toBe('sounds like "a trial"');

    const kilimanjaro = page.locator('[data-testid="vocabulary-item"][data-phrase="kilimanjaro"]');
    await kilimanjaro.getByTestId('vocabulary-delete').click();
    await page.getByTestId('vocabulary-delete-confirm').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => kilimanjaro.count()).toBe(0);
    expect((await vocabulary()).map((e) => e.phrase)).toEqual(['atrial']);
  });

  it('leaves "at" as it is in the next recording', async () => {
    const wav = renderWav(w.seeded.dir, 'clinic', 'we met at the clinic at nine and then we talked at length.');
    const transcriptId = await transcribe(w.seeded.admin, w.seeded.projectId, await upload(w.seeded.admin, w.seeded.projectId, wav));
    const { turns } = await w.seeded.admin.call<{ turns: Array<{ words: Array<{ text: string }> }> }>('GET', `/api/transcripts/${transcriptId}`);
    const text = turns.flatMap((t) => t.words.map((w) => w.text)).join(' ');
    expect(text).toMatch(/\bat\b/);
    expect(text).not.toMatch(/atrial/);
    expect(errors).toEqual([]);
  });
});
