// Search results lead to the match itself: each snippet is centred on its match, marked; a click opens the
// transcript with exactly that occurrence selected (not the start of its turn).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from './harness/launchBrowser.ts';
import { signIn } from './harness/workbench.ts';
import { useWorkbench } from './harness/useWorkbench.ts';

const w = useWorkbench();
let page: Page;

beforeAll(async () => {
  page = await w.open(undefined, { viewport: { width: 1300, height: 800 } });
  await signIn(page, w.server.url, w.seeded.editor.email, w.seeded.editor.password);
});

const results = () => page.getByTestId('search-result');
const selection = () => page.evaluate(() => window.getSelection()?.toString() ?? '');
/** The start time of the word where the selection begins. */
const selectedWordStart = () =>
  page.evaluate(() => {
    const node = window.getSelection()?.anchorNode;
    const element = node instanceof Element ? node : node?.parentElement;
    return element?.closest('span[data-word]')?.getAttribute('data-start') ?? null;
  });

async function search(text: string): Promise<void> {
  await page.getByTestId('activity-search').click();
  const input = page.getByTestId('search-input');
  await input.fill(text);
  // the results of this query (not the last one's)
  await expect.poll(async () => (await results().first().locator('mark').first().textContent())?.toLowerCase(), { timeout: 10_000 }).toBe(text);
}

describe('search results', () => {
  it('centre each snippet on its match and mark it, also when the match is far into a long turn', async () => {
    await search('clinic');
    expect(await results().count()).toBe(1);
    const mark = results().first().locator('mark');
    expect(await mark.innerText()).toBe('clinic');
    const snippet = (await results().first().locator('.search-snippet').boundingBox())!;
    const marked = (await mark.boundingBox())!;
    // the whole match is inside the visible snippet, not past its ellipsis
    expect(marked.x).toBeGreaterThanOrEqual(snippet.x);
    expect(marked.x + marked.width).toBeLessThanOrEqual(snippet.x + snippet.width);
    await screenshot(page, 'search-results');
  });

  it('a click selects the match itself in the editor', async () => {
    await results().first().click();
    await page.locator('[data-testid="transcript-editor"]:visible span[data-word]').first().waitFor();
    await expect.poll(selection, { timeout: 10_000 }).toBe('clinic');
  });

  it('each of several matches in one turn selects its own occurrence, across words too', async () => {
    await search('the');
    const count = await results().count();
    expect(count).toBeGreaterThanOrEqual(3);
    const starts = await page
      .locator('[data-testid="transcript-editor"]:visible span[data-word]')
      .evaluateAll((spans) => spans.filter((s) => s.textContent?.toLowerCase() === 'the').map((s) => s.getAttribute('data-start')));
    expect(starts.length).toBe(count);
    for (const i of [2, 0, count - 1]) {
      await page.getByTestId('activity-search').click();
      expect((await results().nth(i).locator('mark').innerText()).toLowerCase()).toBe('the');
      await results().nth(i).click();
      await expect.poll(selectedWordStart).toBe(starts[i]);
      expect((await selection()).toLowerCase()).toBe('the');
    }

    await search('the rent');
    await results().first().click();
    await expect.poll(selection).toBe('the rent');
  });
});
