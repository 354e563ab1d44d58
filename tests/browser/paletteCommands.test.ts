// Transcript commands run from the command palette act on the editor the palette was opened from, exactly as their
// keys do, and the palette closes: Split Turn at Caret splits where Enter would (every time, without crashing the
// tab), Accept Word accepts the word under the caret, Undo and Redo undo and redo.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { runFromPalette } from './harness/runFromPalette.ts';
import { useWorkbench } from './harness/useWorkbench.ts';

const w = useWorkbench();
let page: Page;
let errors: string[];

beforeAll(async () => {
  ({ page, errors } = await w.openSeededTranscript(undefined, { consoleErrors: true }));
});

const words = () => page.locator('[data-testid="transcript-editor"]:visible span[data-word]');
/** Each turn's words, as the editor shows them. */
const turns = () =>
  page.locator('[data-testid="transcript-editor"]:visible [data-turn]').evaluateAll((nodes) =>
    nodes.map((n) => [...n.querySelectorAll('span[data-word]')].map((w) => w.textContent ?? '').join(' ')),
  );
const paletteOpen = () => page.getByTestId('command-palette').count();
const crashed = () => page.locator('.error-boundary').count();

/** Puts the caret at the end of the n-th word (0-based), by clicking its right edge. */
async function caretAfterWord(n: number): Promise<void> {
  const box = (await words().nth(n).boundingBox())!;
  await page.mouse.click(box.x + box.width - 1, box.y + box.height / 2);
}

/** Ctrl+Z until the turns read `expected` again (typing right after an edit may be one undo step with it, or two). */
async function undoUntil(expected: string[]): Promise<void> {
  for (let i = 0; i < 3 && JSON.stringify(await turns()) !== JSON.stringify(expected); i++) {
    await page.keyboard.press('Control+z');
    await page.waitForTimeout(200);
  }
  await expect.poll(turns).toEqual(expected);
}

describe('transcript commands from the command palette', () => {
  it('Split Turn at Caret splits where Enter does, every time, and undoes like it', async () => {
    const original = await turns();
    expect(original.join(' ').split(' ').length).toBeGreaterThan(8);
    for (const n of [2, 5, 3, 6, 1, 4]) {
      // Enter first, for the expected result
      await caretAfterWord(n);
      await page.keyboard.press('Enter');
      await expect.poll(turns).not.toEqual(original);
      const byEnter = await turns();
      await page.keyboard.press('Control+z');
      await expect.poll(turns).toEqual(original);

      await caretAfterWord(n);
      await runFromPalette(page, 'split turn', 'transcript.splitTurn');
      await expect.poll(turns).toEqual(byEnter);
      expect(await paletteOpen()).toBe(0);
      expect(await crashed()).toBe(0);
      // the caret is where Enter leaves it: at the start of the new turn, in the editor
      const split = byEnter.findIndex((t, i) => t !== original[i]);
      await page.keyboard.type('Q');
      await expect.poll(async () => (await turns())[split + 1]).toMatch(/^Q/);
      await undoUntil(original);
    }
    expect(errors.filter((e) => /yText|yTarget|Cannot resolve/.test(e))).toEqual([]);
  });

  it('Accept Word accepts the word under the caret and closes the palette', async () => {
    const flagged = page.locator('[data-testid="transcript-editor"]:visible span[data-word][data-flagged="true"]:not([data-reviewed])').first();
    const text = (await flagged.innerText()).trim();
    const start = await flagged.getAttribute('data-start');
    await flagged.click();
    await runFromPalette(page, 'accept word', 'review.accept');
    expect(await paletteOpen()).toBe(0);
    await expect.poll(() => page.locator(`[data-testid="transcript-editor"]:visible span[data-word][data-start="${start}"]`).getAttribute('data-reviewed')).toBe('true');
    const reviews = async () => (await w.seeded.admin.call<{ reviews: { action: string; before: string }[] }>('GET', `/api/transcripts/${w.seeded.transcriptId}/reviews`)).reviews;
    await expect.poll(reviews).toContainEqual(expect.objectContaining({ action: 'accept', before: text }));
  });

  it('Undo and Redo from the palette undo and redo the last edit, and the palette closes each time', async () => {
    const text = async () => (await turns()).join(' / ');
    const before = await text();
    await caretAfterWord(3);
    await page.keyboard.type(' kiwi');
    await expect.poll(text).toContain('kiwi');
    await runFromPalette(page, 'undo', 'transcript.undo');
    expect(await paletteOpen()).toBe(0);
    await expect.poll(text).toBe(before);
    await runFromPalette(page, 'redo', 'transcript.redo');
    expect(await paletteOpen()).toBe(0);
    await expect.poll(text).toContain('kiwi');
    // a click after the palette closed lands in the editor, not on a palette item
    await caretAfterWord(0);
    expect(await paletteOpen()).toBe(0);
    expect(await crashed()).toBe(0);
  });
});
