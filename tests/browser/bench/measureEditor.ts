// In-page measurements of Verbatim's transcript editor, each on a fresh signed-in page: time until it is interactive,
// keystroke-to-paint latency in the middle of the document, heap after a GC, and the document's sync bytes.
import type { Browser } from 'playwright-core';
import { openTranscriptItem } from '../harness/openTranscriptItem.ts';
import { signIn } from '../harness/workbench.ts';
import { heapAfterGc, installKeystrokeProbe, keystrokeLatencies, quantile, watchWebSocketBytes } from './pageProbes.ts';

export interface EditorFigures {
  words: number;
  /** Click on the transcript in the explorer -> words rendered, editable, and a typed character painted. */
  interactiveMs: number;
  keystrokes: number;
  p50: number;
  p95: number;
  p99: number;
  /** Used JS heap after a full GC, once the typing is done (the whole workbench page). */
  heapMB: number;
  /** Payload bytes the page received on the document's WebSocket (/yjs) until it was interactive, and their frames. */
  syncBytes: number;
  syncFrames: number;
  /** Browser find (window.find) of a word near the end of the document, when asked for. */
  find?: { last: string; found: boolean };
}

export interface EditorTarget {
  server: { url: string; admin: { email: string; password: string } };
  ids: { projectId: string; mediaId: string; transcriptId: string };
}

const VISIBLE_EDITOR = '[data-testid="transcript-editor"]:visible';

/** Signs in on a fresh browser context, opens the transcript from the explorer and measures it; `typing` characters go in its middle. */
export async function measureEditor(browser: Browser, { server, ids }: EditorTarget, typing = 80, options: { find?: boolean } = {}): Promise<EditorFigures> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await signIn(page, server.url, server.admin.email, server.admin.password);
    const cdp = await context.newCDPSession(page);
    const sync = await watchWebSocketBytes(cdp, '/yjs');
    const t0 = Date.now();
    await openTranscriptItem(page, ids);
    // ready, or an alert says why not (e.g. the room refused the workbench): then fail at once with what it says
    const alert = await page.waitForFunction(() => {
      const ed = [...document.querySelectorAll('[data-testid="transcript-editor"]')].find((e) => (e as HTMLElement).offsetParent !== null);
      if (ed?.getAttribute('contenteditable') === 'true' && ed.querySelector('span[data-word]') !== null) return 'ready';
      const alerts = [...document.querySelectorAll('[role="alert"]')].filter((e) => (e as HTMLElement).offsetParent !== null);
      return alerts.length > 0 ? alerts.map((e) => (e as HTMLElement).innerText).join(' ') : false;
    }, undefined, { timeout: 120_000, polling: 16 });
    const state = await alert.jsonValue();
    if (state !== 'ready') throw new Error(`the editor did not open: ${state}`);
    // interactive = it answers a keystroke: a character typed into the first word shows up
    await page.locator(`${VISIBLE_EDITOR} span[data-word]`).first().click();
    await page.keyboard.type('q');
    await page.waitForFunction(() => {
      const ed = [...document.querySelectorAll('[data-testid="transcript-editor"]')].find((e) => (e as HTMLElement).offsetParent !== null);
      return ed?.querySelector('span[data-word]')?.textContent?.includes('q') === true;
    }, undefined, { polling: 'raf' });
    const interactiveMs = Date.now() - t0;
    const syncBytes = sync.bytes();
    const syncFrames = sync.frames();
    await page.keyboard.press('Backspace');

    const words = await page.locator(`${VISIBLE_EDITOR} span[data-word]`).count();
    const middle = page.locator(`${VISIBLE_EDITOR} span[data-word]`).nth(Math.floor(words / 2));
    await middle.scrollIntoViewIfNeeded();
    await middle.click();
    await installKeystrokeProbe(page);
    for (let i = 0; i < typing; i++) await page.keyboard.type(i % 6 === 5 ? ' ' : 'abcde'[i % 5]!, { delay: 0 }).then(() => page.waitForTimeout(40));
    await page.waitForTimeout(300);
    const lat = await keystrokeLatencies(page);
    const heapMB = await heapAfterGc(cdp);
    const figures: EditorFigures = { words, interactiveMs, keystrokes: lat.length, p50: quantile(lat, 0.5), p95: quantile(lat, 0.95), p99: quantile(lat, 0.99), heapMB, syncBytes, syncFrames };
    if (options.find) {
      // browser find (Ctrl+F's engine) still reaches words far down the long document
      figures.find = await page.evaluate(() => {
        const editor = [...document.querySelectorAll('[data-testid="transcript-editor"]')].find((e) => (e as HTMLElement).offsetParent !== null)!;
        const spans = editor.querySelectorAll('span[data-word]');
        const last = spans[spans.length - 3]?.textContent ?? '';
        window.getSelection()?.removeAllRanges();
        window.scrollTo(0, 0);
        const found = (window as unknown as { find: (s: string, ...a: boolean[]) => boolean }).find(last, false, true, false, false, false, false);
        return { last, found };
      });
    }
    return figures;
  } finally {
    await context.close();
  }
}
