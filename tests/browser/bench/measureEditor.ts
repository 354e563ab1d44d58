// In-page measurements of the transcript editor: time until it is interactive, keystroke-to-paint latency, heap.
import type { Page } from 'playwright-core';
import { openTranscriptItem } from '../harness/openTranscriptItem.ts';

export interface EditorFigures {
  words: number;
  /** Click on the transcript in the explorer -> words rendered, editable, and a typed character painted. */
  interactiveMs: number;
  keystrokes: number;
  p50: number;
  p95: number;
  p99: number;
  heapMB: number;
}

/** Opens a transcript from the explorer and measures it; `typing` characters are typed in its middle. */
export async function measureEditor(page: Page, ids: { projectId: string; mediaId: string; transcriptId: string }, typing = 80): Promise<EditorFigures> {
  const t0 = Date.now();
  await openTranscriptItem(page, ids);
  await page.waitForFunction(() => {
    const ed = [...document.querySelectorAll('[data-testid="transcript-editor"]')].find((e) => (e as HTMLElement).offsetParent !== null);
    return ed?.getAttribute('contenteditable') === 'true' && ed.querySelector('span[data-word]') !== null;
  }, undefined, { timeout: 120_000, polling: 16 });
  // interactive = it answers a keystroke: a character typed into the first word shows up
  const first = page.locator('[data-testid="transcript-editor"]:visible span[data-word]').first();
  await first.click();
  await page.keyboard.type('q');
  await page.waitForFunction(() => {
    const ed = [...document.querySelectorAll('[data-testid="transcript-editor"]')].find((e) => (e as HTMLElement).offsetParent !== null);
    return ed?.querySelector('span[data-word]')?.textContent?.includes('q') === true;
  }, undefined, { polling: 'raf' });
  const interactiveMs = Date.now() - t0;
  await page.keyboard.press('Backspace');

  const words = await page.locator('[data-testid="transcript-editor"]:visible span[data-word]').count();
  // the middle of the document
  const middle = page.locator('[data-testid="transcript-editor"]:visible span[data-word]').nth(Math.floor(words / 2));
  await middle.scrollIntoViewIfNeeded();
  await middle.click();
  await page.evaluate(() => {
    const w = window as unknown as { __lat: number[] };
    w.__lat = [];
    window.addEventListener('keydown', (e) => {
      const start = e.timeStamp;
      // the frame after the key: its rAF runs before paint; the message after it lands once the frame is painted
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => w.__lat.push(performance.now() - start);
        ch.port2.postMessage(0);
      });
    }, true);
  });
  for (let i = 0; i < typing; i++) await page.keyboard.type(i % 6 === 5 ? ' ' : 'abcde'[i % 5]!, { delay: 0 }).then(() => page.waitForTimeout(40));
  await page.waitForTimeout(300);
  const lat = (await page.evaluate(() => (window as unknown as { __lat: number[] }).__lat)).sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? Number.NaN;
  const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
  return { words, interactiveMs, keystrokes: lat.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), heapMB: heap / 2 ** 20 };
}
