// The speaker list of a transcript: renaming a speaker there renames every turn of that speaker, merging one
// speaker into another relabels all its turns, and each is one step for Ctrl+Z and redo.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from './harness/launchBrowser.ts';
import { useWorkbench } from './harness/useWorkbench.ts';

const w = useWorkbench();
let page: Page;

beforeAll(async () => {
  ({ page } = await w.openSeededTranscript());
});

const editor = () => page.locator('[data-testid="transcript-editor"]:visible');
const speakers = () => editor().locator('[data-testid="turn-speaker"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
const row = (name: string) => page.locator(`[data-testid="speaker-row"][data-speaker="${name}"]`);
/** The speakers the server's document has now (what an export shows). */
const savedSpeakers = async () => {
  const res = await fetch(`${w.server.url}/api/transcripts/${w.seeded.transcriptId}`, { headers: { cookie: w.seeded.admin.cookie } });
  const body = (await res.json()) as { turns?: { speaker: string }[] };
  return (body.turns ?? []).map((t) => t.speaker);
};

/** Clicks into the text (so that Ctrl+Z reaches the editor) and undoes once. */
async function undoInEditor(): Promise<void> {
  await editor().locator('span[data-word]').first().click();
  await page.keyboard.press('Control+z');
}

describe('the speaker list', () => {
  it('sets up four turns of two speakers (Enter splits, a turn\'s label renames that turn only)', async () => {
    for (const n of [12, 8, 4]) {
      const box = (await editor().locator('span[data-word]').nth(n).boundingBox())!;
      await page.mouse.click(box.x + box.width - 1, box.y + box.height / 2);
      await page.keyboard.press('Enter');
    }
    await expect.poll(speakers).toEqual(['Speaker 1', 'Speaker 1', 'Speaker 1', 'Speaker 1']);
    for (const i of [1, 3]) {
      const label = editor().locator('[data-testid="turn-speaker"]').nth(i);
      await label.fill('Bob');
      await label.press('Enter');
    }
    await expect.poll(speakers).toEqual(['Speaker 1', 'Bob', 'Speaker 1', 'Bob']);
  });

  it('lists the speakers with their turns, and renames one everywhere as one undoable step', async () => {
    await page.getByTestId('speakers-button').click();
    await page.getByTestId('speakers-panel').waitFor();
    expect(await page.getByTestId('speaker-row').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-speaker'), r.getAttribute('data-turns')]))).toEqual([
      ['Speaker 1', '2'],
      ['Bob', '2'],
    ]);
    await screenshot(page, 'speaker-list');
    const name = row('Speaker 1').getByTestId('speaker-name');
    await name.fill('Alice');
    await name.press('Enter');
    await expect.poll(speakers).toEqual(['Alice', 'Bob', 'Alice', 'Bob']);
    await expect.poll(savedSpeakers, { timeout: 10_000 }).toEqual(['Alice', 'Bob', 'Alice', 'Bob']);

    await undoInEditor();
    await expect.poll(speakers).toEqual(['Speaker 1', 'Bob', 'Speaker 1', 'Bob']);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(speakers).toEqual(['Alice', 'Bob', 'Alice', 'Bob']);
  });

  it('merges one speaker into another as one undoable step', async () => {
    if (!(await page.getByTestId('speakers-panel').isVisible())) await page.getByTestId('speakers-button').click();
    await row('Bob').getByTestId('speaker-merge').selectOption('Alice');
    await expect.poll(speakers).toEqual(['Alice', 'Alice', 'Alice', 'Alice']);
    await expect.poll(() => page.getByTestId('speaker-row').count()).toBe(1);
    await undoInEditor();
    await expect.poll(speakers).toEqual(['Alice', 'Bob', 'Alice', 'Bob']);
  });
});
