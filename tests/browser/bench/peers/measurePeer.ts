// The editor benchmark's method applied to a peer editor's page (see buildPeerPages.ts): open -> a typed character
// painted, keystroke-to-paint in the middle of the document, heap after a GC. Bounded: a peer that throws, crashes
// its renderer or runs past the timeout is reported with what happened, never dropped.
import type { Browser, Page } from 'playwright-core';
import { heapAfterGc, installKeystrokeProbe, keystrokeLatencies, quantile, typeProbeKeys } from '../pageProbes.ts';

export interface PeerFigures {
  /** Characters in the editable area once it rendered. */
  chars: number;
  /** Navigation start -> page ready to open a transcript (the bundle loaded; not in `interactiveMs`). */
  loadMs: number;
  /** openTranscript() (fetch the transcript, mount the editor) -> rendered, editable, and a typed character painted. */
  interactiveMs: number;
  /** Clicks and first characters it took until one showed (1 = the first did). */
  attempts: number;
  keystrokes: number;
  p50: number;
  p95: number;
  p99: number;
  heapMB: number;
}

/** One repetition of a measurement: its figures, or what stopped it (`stage`: where it was, `error`: what it said). */
export type Outcome<T> = { ok: true; figures: T } | { ok: false; stage: string; error: string; afterMs: number };

/** A peer's repetition. */
export type PeerOutcome = Outcome<PeerFigures>;

export interface PeerRun {
  /** The page's URL (`<pages>/<slug>/`) and the transcript's URL it fetches. */
  pageUrl: string;
  transcriptUrl: string;
  timeoutMs: number;
  /** Characters typed in the middle; typing stops early after `typingBudgetMs`. */
  typing?: number;
  typingBudgetMs?: number;
  /** Where to save a screenshot of the page when it fails. */
  screenshotOnFailure?: string;
}

type Point = { x: number; y: number } | null;

/** The page point of the first (or middle) non-blank text of the editable area, scrolled into view; null when none. */
function textPoint(page: Page, which: 'first' | 'middle'): Promise<Point> {
  return page.evaluate((which) => {
    const root = document.querySelector('[contenteditable="true"]');
    if (!root) return null;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (/\S/.test(n.textContent ?? '') && !n.parentElement?.closest('[contenteditable="false"]') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
    });
    const nodes: Node[] = [];
    for (let n = walker.nextNode(); n && (which === 'middle' || nodes.length === 0); n = walker.nextNode()) nodes.push(n);
    const node = which === 'first' ? nodes[0] : nodes[Math.floor(nodes.length / 2)];
    if (!node) return null;
    node.parentElement?.scrollIntoView({ block: which === 'first' ? 'nearest' : 'center' });
    // the middle of the node's first word: an edge of the text can put the caret where typing goes nowhere
    const text = node.textContent ?? '';
    const at = Math.max(0, text.search(/\S/));
    const end = text.slice(at).search(/\s/);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, end < 0 ? text.length : at + end);
    const rect = range.getClientRects()[0] ?? range.getBoundingClientRect();
    return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  }, which);
}

/** Focuses the editable area and puts the caret before its first non-blank text (for a click that went nowhere). */
function placeCaretAtFirstText(page: Page): Promise<void> {
  return page.evaluate(() => {
    const root = document.querySelector<HTMLElement>('[contenteditable="true"]');
    if (!root) return;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (/\S/.test(n.textContent ?? '') && !n.parentElement?.closest('[contenteditable="false"]') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
    });
    const node = walker.nextNode();
    root.focus();
    if (node) getSelection()?.collapse(node, Math.max(0, (node.textContent ?? '').search(/\S/)));
  });
}

/** How many `q` the first 3,000 characters of the editable area hold (the character typed to test interactivity). */
function leadingQs(page: Page): Promise<number> {
  return page.evaluate(() => (document.querySelector('[contenteditable="true"]')?.textContent ?? '').slice(0, 3000).split('q').length - 1);
}

/** Measures one peer on a fresh browser context; never throws for what the peer does. */
export async function measurePeer(browser: Browser, run: PeerRun): Promise<PeerOutcome> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const started = Date.now();
  let stage = 'loading the page';
  const errors: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let page: Page | undefined;
  try {
    const opened = (page = await context.newPage());
    opened.on('pageerror', (e) => errors.push(e.message));
    const crashed = new Promise<never>((_, fail) => opened.once('crash', () => fail(new Error('the renderer crashed (Chromium "Aw, Snap!", e.g. out of memory)'))));
    const timedOut = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`no result within ${run.timeoutMs / 1000} s`)), run.timeoutMs)));
    const measure = async (page: Page): Promise<PeerFigures> => {
      await page.goto(run.pageUrl);
      await page.waitForFunction(() => typeof (window as unknown as { openTranscript?: unknown }).openTranscript === 'function');
      const loadMs = Date.now() - started;
      stage = 'opening the transcript';
      const t0 = Date.now();
      await page.evaluate((url) => {
        const w = window as unknown as { openTranscript: (u: string) => Promise<void>; __openError?: string };
        void w.openTranscript(url).catch((e: unknown) => (w.__openError = String(e)));
      }, run.transcriptUrl);
      await page.waitForFunction(() => {
        const w = window as unknown as { __openError?: string };
        if (w.__openError) throw new Error(w.__openError);
        return /\S/.test(document.querySelector('[contenteditable="true"]')?.textContent ?? '');
      }, undefined, { timeout: 0, polling: 16 });
      if (errors.length > 0) throw new Error(errors[0]);
      stage = 'typing the first character';
      const qs = await leadingQs(page);
      // typing right after the editor renders can go nowhere (slate-transcript-editor drops it for a second or two):
      // click and type again each second, as a person would, until the character shows (the time keeps counting;
      // `attempts` says how often)
      let attempts = 0;
      for (let painted = false; !painted; ) {
        attempts++;
        await page.bringToFront();
        const first = await textPoint(page, 'first');
        if (!first) throw new Error('no editable text to click');
        await page.mouse.click(first.x, first.y);
        if (attempts > 1) await placeCaretAtFirstText(page);
        await page.keyboard.type('q');
        painted = await page
          .waitForFunction((qs) => (document.querySelector('[contenteditable="true"]')?.textContent ?? '').slice(0, 3000).split('q').length - 1 > qs, qs, { timeout: 1_000, polling: 'raf' })
          .then(() => true, () => false);
      }
      const interactiveMs = Date.now() - t0;
      await page.keyboard.press('Backspace');
      const chars = await page.evaluate(() => document.querySelector('[contenteditable="true"]')?.textContent?.length ?? 0);

      stage = 'typing in the middle';
      const middle = await textPoint(page, 'middle');
      if (!middle) throw new Error('no editable text in the middle');
      await page.mouse.click(middle.x, middle.y);
      await installKeystrokeProbe(page);
      await typeProbeKeys(page, run.typing ?? 80, run.typingBudgetMs ?? 30_000);
      await page.waitForTimeout(300);
      const lat = await keystrokeLatencies(page);
      stage = 'reading the heap';
      const heapMB = await heapAfterGc(await context.newCDPSession(page));
      if (errors.length > 0) throw new Error(errors[0]);
      return { chars, loadMs, interactiveMs, attempts, keystrokes: lat.length, p50: quantile(lat, 0.5), p95: quantile(lat, 0.95), p99: quantile(lat, 0.99), heapMB };
    };
    return { ok: true, figures: await Promise.race([measure(opened), crashed, timedOut]) };
  } catch (e) {
    if (run.screenshotOnFailure) await page?.screenshot({ path: run.screenshotOnFailure, timeout: 5_000 }).catch(() => undefined);
    const error = errors[0] ?? (e instanceof Error ? e.message : String(e));
    return { ok: false, stage, error: error.split('\n')[0]!.slice(0, 300), afterMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
    await context.close().catch(() => undefined);
  }
}
