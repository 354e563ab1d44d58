// In-page measurements of Verbatim's transcript editor, each on a fresh signed-in page: time until it is interactive,
// keystroke-to-paint latency in the middle of the document, heap after a GC, and the document's sync bytes.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { revealTranscriptItem } from '../harness/openTranscriptItem.ts';
import { signIn } from '../harness/workbench.ts';
import { heapAfterGc, installKeystrokeProbe, keystrokeLatencies, quantile, typeProbeKeys, watchWebSocketBytes } from './pageProbes.ts';

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

/**
 * Signs in on a fresh browser context, opens the transcript from the explorer and measures it; `typing` characters go
 * in its middle. With `webDir`, the page runs the workbench built there (another build of apps/web, e.g. the one
 * before a change) instead of the server's, against the same server and document.
 */
export async function measureEditor(browser: Browser, { server, ids }: EditorTarget, typing = 80, options: { find?: boolean; webDir?: string } = {}): Promise<EditorFigures> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    if (options.webDir) await serveWorkbenchFrom(context, server.url, options.webDir);
    const page = await context.newPage();
    await signIn(page, server.url, server.admin.email, server.admin.password);
    const cdp = await context.newCDPSession(page);
    const sync = await watchWebSocketBytes(cdp, '/yjs');
    // from the click on the transcript's item (the peers' figure starts where their page is told to open the file)
    const item = await revealTranscriptItem(page, ids);
    const t0 = Date.now();
    await item.click();
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

    // an editor that renders the rest of the document in idle time: let it finish (the word count holds for 1 s)
    let words = 0;
    for (let stable = 0, waited = 0; stable < 4 && waited < 60_000; waited += 250) {
      await page.waitForTimeout(250);
      // (words drawn as text: static paragraphs have spans only for words drawn differently)
      const now = await page.locator(VISIBLE_EDITOR).evaluate((editor) => [...editor.querySelectorAll('.vb-turn-text')].reduce((n, t) => n + (t.textContent?.match(/\S+/g)?.length ?? 0), 0));
      stable = now === words ? stable + 1 : 0;
      words = now;
    }
    // the middle of the document: its scroll container scrolled half-way, then the word at the centre of the view
    // (also right where an editor renders only what is near the view)
    const middle = await page.evaluate(async () => {
      const editor = [...document.querySelectorAll('[data-testid="transcript-editor"]')].find((e) => (e as HTMLElement).offsetParent !== null)!;
      let box: HTMLElement | null = editor as HTMLElement;
      while (box && !(box.scrollHeight > box.clientHeight + 1 && /auto|scroll/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
      const scroller = box ?? document.scrollingElement as HTMLElement;
      scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) / 2;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const view = box ? box.getBoundingClientRect() : new DOMRect(0, 0, innerWidth, innerHeight);
      const centre = view.top + view.height / 2;
      let best: { x: number; y: number; d: number } | null = null;
      for (const word of editor.querySelectorAll('span[data-word]')) {
        const r = word.getBoundingClientRect();
        if (r.width === 0 || r.bottom < view.top || r.top > view.bottom) continue;
        const d = Math.abs(r.top + r.height / 2 - centre);
        if (!best || d < best.d) best = { x: r.left + r.width / 2, y: r.top + r.height / 2, d };
      }
      if (best) return { x: best.x, y: best.y };
      return null;
    });
    if (!middle) throw new Error('no word at the middle of the document to click');
    await page.mouse.click(middle.x, middle.y);
    await installKeystrokeProbe(page);
    await typeProbeKeys(page, typing);
    await page.waitForTimeout(300);
    const lat = await keystrokeLatencies(page);
    const heapMB = await heapAfterGc(cdp);
    const figures: EditorFigures = { words, interactiveMs, keystrokes: lat.length, p50: quantile(lat, 0.5), p95: quantile(lat, 0.95), p99: quantile(lat, 0.99), heapMB, syncBytes, syncFrames };
    if (options.find) {
      // browser find (Ctrl+F's engine) still reaches words far down the long document
      figures.find = await page.evaluate(() => {
        const editor = [...document.querySelectorAll('[data-testid="transcript-editor"]')].find((e) => (e as HTMLElement).offsetParent !== null)!;
        const texts = editor.querySelectorAll('.vb-turn-text');
        const last = texts[texts.length - 1]?.textContent?.match(/\S+/g)?.at(-3) ?? '';
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

/**
 * Makes the pages of `context` run the workbench built in `webDir`: the page itself still comes from the server (a
 * page Playwright answered would lose its local address and Chromium would then refuse its WebSocket to the server),
 * but the scripts and styles it names are the other build's (paired in the order both pages name them), and so is
 * every file of the other build they load in turn.
 */
export async function serveWorkbenchFrom(context: BrowserContext, serverUrl: string, webDir: string): Promise<void> {
  const assets = (html: string) => [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  const served = assets(await (await fetch(serverUrl)).text());
  const other = assets(readFileSync(join(webDir, 'index.html'), 'utf8'));
  if (served.length !== other.length) throw new Error(`the page names ${served.length} files and the build in ${webDir} ${other.length}: not comparable`);
  const pairs = new Map(served.map((path, i) => [path, other[i]!]));
  const origin = new URL(serverUrl).origin;
  await context.route((url) => url.origin === origin && url.pathname.startsWith('/assets/'), async (route) => {
    const pathname = new URL(route.request().url()).pathname;
    const file = join(webDir, normalize(pairs.get(pathname) ?? pathname).replace(/^(\.\.[/\\])+/, ''));
    if (existsSync(file) && statSync(file).isFile()) await route.fulfill({ path: file });
    else await route.continue();
  });
}
