// A long transcript (a 10-minute recording, a window of 600 px): paragraphs away from the view are static text
// (spans only for words drawn differently) and go live as the view or the caret reaches them; what people do far down such a document still works:
// browser find reaches the end, a click there puts the caret and typing keeps each word's time, undo and redo, a jump
// to a flagged word from the Problems panel and accepting it, playback lighting words there, and two people editing
// far apart.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { longRecording } from './harness/longRecording.ts';
import { transcribe, upload } from './harness/seed.ts';
import { useWorkbench } from './harness/useWorkbench.ts';
import { openTranscript, signIn } from './harness/workbench.ts';

const w = useWorkbench();
let ids: { projectId: string; mediaId: string; transcriptId: string };

beforeAll(async () => {
  const mediaId = await upload(w.seeded.admin, w.seeded.projectId, longRecording(600));
  const transcriptId = await transcribe(w.seeded.admin, w.seeded.projectId, mediaId, 300_000);
  ids = { projectId: w.seeded.projectId, mediaId, transcriptId };
}, 400_000);

const pageErrors = new Map<Page, string[]>();

async function openLong(who: { email: string; password: string } = w.seeded.editor, options: { noObserver?: boolean } = {}): Promise<Page> {
  const page = await w.open(undefined, { viewport: { width: 1300, height: 600 } });
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(error.message));
  // an IntersectionObserver that never reports: paragraphs stay static until pressed or reached by code
  if (options.noObserver) await page.addInitScript(() => void (window.IntersectionObserver = class { observe() {} unobserve() {} disconnect() {} takeRecords() { return []; } } as never));
  await signIn(page, w.server.url, who.email, who.password);
  await openTranscript(page, ids.projectId, ids.mediaId, ids.transcriptId);
  // every chunk of paragraphs rendered (the later ones follow in idle time)
  await expect.poll(() => page.locator('.vb-chunk-pending').count(), { timeout: 30_000 }).toBe(0);
  return page;
}

const EDITOR = '[data-testid="transcript-editor"]:visible';
const liveness = (page: Page) => page.$$eval(`${EDITOR} [data-turn]`, (turns) => turns.map((t) => (t as HTMLElement).dataset.live));
const lastTurn = (page: Page) => page.locator(`${EDITOR} [data-turn]`).last();

async function scrollTo(page: Page, where: 'top' | 'bottom'): Promise<void> {
  await page.locator('.vb-transcript-scroll:visible').evaluate((s, where) => void (s.scrollTop = where === 'top' ? 0 : s.scrollHeight), where);
}

/** Scrolls to the end and puts the caret at the end of the `n`-th word from the last of the last paragraph. */
/** The `n`-th word from the last of `turn`'s static text, and where it is drawn (a range: it may be a span or not). */
async function staticWordNearTheEnd(turn: ReturnType<typeof lastTurn>, n: number): Promise<{ text: string; box: { x: number; y: number; width: number; height: number } }> {
  return turn.locator('[data-static-words]').evaluate((words, n) => {
    const text = words.textContent ?? '';
    const spans = [...text.matchAll(/\S+/g)];
    const word = spans.at(-n)!;
    const walker = document.createTreeWalker(words, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let before = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.nodeValue!.length;
      if (word.index >= before && word.index < before + length) range.setStart(node, word.index - before);
      if (word.index + word[0].length <= before + length) {
        range.setEnd(node, word.index + word[0].length - before);
        break;
      }
      before += length;
    }
    (range.startContainer.parentElement ?? words).scrollIntoView({ block: 'center' });
    const r = range.getBoundingClientRect();
    return { text: word[0], box: { x: r.x, y: r.y, width: r.width, height: r.height } };
  }, n);
}

async function caretNearTheEnd(page: Page, n = 3) {
  await scrollTo(page, 'bottom');
  await expect.poll(async () => (await liveness(page)).at(-1)).toBe('true');
  const word = lastTurn(page).locator('span[data-word]').nth(-n);
  await word.scrollIntoViewIfNeeded();
  const box = (await word.boundingBox())!;
  await page.mouse.click(box.x + box.width - 1, box.y + box.height / 2);
  return word;
}

describe('a long document', () => {
  it('renders paragraphs away from the view as static words, live near it, and browser find reaches the end', async () => {
    const page = await openLong();
    const states = await liveness(page);
    expect(states.length).toBeGreaterThan(5);
    expect(states[0]).toBe('true');
    expect(states.at(-1)).toBe('false');
    // static paragraphs: the same text, not editable, with spans (times, confidence) only for words drawn differently
    const far = lastTurn(page);
    const staticWords = far.locator('[data-static-words]');
    expect(await staticWords.getAttribute('contenteditable')).toBe('false');
    const farText = ((await staticWords.textContent()) ?? '').trim();
    const spans = far.locator('span[data-word]');
    expect(await spans.count()).toBeLessThan(farText.split(/\s+/).length);
    if ((await spans.count()) > 0) expect(Number(await spans.last().getAttribute('data-end'))).toBeGreaterThan(500);
    expect(await spans.evaluateAll((all) => all.every((s) => s.hasAttribute('data-level') || s.hasAttribute('data-origin')))).toBe(true);
    const last = farText.split(/\s+/).at(-2)!;
    // (as the benchmark asks it: backwards from the end, no wrap)
    const find = (text: string) => (window.getSelection()?.removeAllRanges(), (window as unknown as { find: (...a: unknown[]) => boolean }).find(text, false, true, false, false, false, false));
    expect(await page.evaluate(find, last)).toBe(true);
    // the browser's selection is now in static words, inside the editor: Slate ignores it, without an error
    await page.locator(EDITOR).focus();
    await page.evaluate(find, last);
    await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
    expect(pageErrors.get(page)).toEqual([]);
    await scrollTo(page, 'top');
    await scrollTo(page, 'bottom');
    await expect.poll(async () => (await liveness(page)).at(-1)).toBe('true');
    // the top is out of view now: static again
    await expect.poll(async () => (await liveness(page))[0]).toBe('false');
  });

  it('a click far down puts the caret there; typing keeps the word its times; undo and redo', async () => {
    const page = await openLong();
    const word = await caretNearTheEnd(page);
    const before = { text: await word.innerText(), start: await word.getAttribute('data-start'), end: await word.getAttribute('data-end') };
    await page.keyboard.type('zq');
    await expect.poll(() => word.innerText()).toBe(`${before.text}zq`);
    expect([await word.getAttribute('data-start'), await word.getAttribute('data-end'), await word.getAttribute('data-origin')]).toEqual([before.start, before.end, 'human']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => word.innerText()).toBe(before.text);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => word.innerText()).toBe(`${before.text}zq`);
    await expect
      .poll(async () => (await fetch(`${w.server.url}/api/transcripts/${ids.transcriptId}/export?format=txt`, { headers: { cookie: w.seeded.admin.cookie } })).text(), { timeout: 10_000 })
      .toContain(`${before.text}zq`);
    await page.keyboard.press('Control+z');
    await expect.poll(() => word.innerText()).toBe(before.text);
  });

  it('a press on a paragraph still drawn static puts the caret where pressed', async () => {
    const page = await openLong(w.seeded.editor, { noObserver: true });
    await scrollTo(page, 'bottom');
    const far = lastTurn(page);
    expect(await far.getAttribute('data-live')).toBe('false');
    const { text, box } = await staticWordNearTheEnd(far, 3);
    await page.mouse.click(box.x + box.width - 1, box.y + box.height / 2);
    // the press makes it live in the render after the event, which a busy machine may not have painted yet
    await expect.poll(() => far.getAttribute('data-live')).toBe('true');
    await expect.poll(() => far.locator('span[data-word]').nth(-3).innerText()).toBe(text);
    await page.keyboard.type('zq');
    await expect.poll(() => far.locator('span[data-word]').nth(-3).innerText()).toBe(`${text}zq`);
    await page.keyboard.press('Control+z');
    await expect.poll(() => far.locator('span[data-word]').nth(-3).innerText()).toBe(text);
  });

  it('Ctrl+End and Ctrl+Home take the caret to the ends of the document through static paragraphs', async () => {
    const page = await openLong();
    await page.locator(`${EDITOR} span[data-word]`).first().click();
    await page.keyboard.press('Control+End');
    await expect.poll(async () => (await liveness(page)).at(-1)).toBe('true');
    await page.keyboard.type('qz');
    await expect.poll(async () => (await lastTurn(page).locator('span[data-word]').last().innerText()).endsWith('qz')).toBe(true);
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+Home');
    await expect.poll(async () => (await liveness(page))[0]).toBe('true');
  });

  it('a flagged word far down, picked in the Problems panel, is selected in view and accepted there', async () => {
    const page = await openLong();
    await scrollTo(page, 'top');
    const rows = page.getByTestId('problem-row');
    await rows.first().waitFor();
    // the panel draws only the rows near its view, each saying where it is in the whole list: scrolled to its end, the
    // last row is there, the document's last flagged word
    const total = Number(await rows.first().getAttribute('aria-setsize'));
    expect(total).toBeGreaterThan(500);
    expect(await rows.count()).toBeLessThan(100);
    await page.getByTestId('problems-panel').evaluate((panel) => (panel.scrollTop = panel.scrollHeight));
    const last = page.locator(`[data-testid="problem-row"][aria-posinset="${total}"]`);
    await last.waitFor();
    const farthest = Number(await last.getAttribute('data-start'));
    const starts = await rows.evaluateAll((r) => r.map((e) => Number((e as HTMLElement).dataset.start)));
    expect(Math.max(...starts)).toBe(farthest);
    await last.click();
    const target = page.locator(`${EDITOR} span[data-word].vb-review-target`);
    await expect.poll(() => target.getAttribute('data-start')).toBe(String(farthest));
    expect(await target.evaluate((el) => (el.closest('[data-turn]') as HTMLElement).dataset.live)).toBe('true');
    expect(await target.isVisible()).toBe(true);
    await page.locator(EDITOR).focus();
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator(`${EDITOR} span[data-word][data-start="${farthest}"]`).getAttribute('data-reviewed')).toBe('true');
  });

  it('playback far down lights its words in paragraphs that were static', async () => {
    const page = await openLong();
    expect((await liveness(page)).at(-1)).toBe('false');
    // a word near the end of the last paragraph, from the document as exported: a static paragraph draws spans only
    // for words drawn differently (flagged ones), and how many it has depends on the model
    type Exported = { segments: Array<{ firstWord: number; wordCount: number }>; words: Array<{ start: number }> };
    const exported = await w.seeded.admin.call<Exported>('GET', `/api/transcripts/${ids.transcriptId}/export?format=json`);
    const last = exported.segments.at(-1)!;
    const end = exported.words[last.firstWord + Math.max(0, last.wordCount - 8)]!.start;
    // jump there (Ctrl+J), scroll back up, and play: the lit words are there, and followed into view
    await page.locator(`${EDITOR} span[data-word]`).first().click();
    await page.keyboard.press('Control+j');
    await page.getByTestId('quick-input-field').fill(String(Math.floor(end)));
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await liveness(page)).at(-1)).toBe('true');
    await scrollTo(page, 'top');
    await page.getByTestId('transport-play').click();
    const lit = page.locator(`${EDITOR} span[data-word].vb-playing`);
    await expect.poll(() => lit.count(), { timeout: 10_000 }).toBe(1);
    expect(Number(await lit.getAttribute('data-start'))).toBeGreaterThanOrEqual(end - 5);
    expect(await lit.evaluate((el) => (el.closest('[data-turn]') as HTMLElement).dataset.live)).toBe('true');
    await expect.poll(() => lit.isVisible()).toBe(true);
    await page.getByTestId('transport-play').click();
  });

  it('two people editing far apart see each other\'s words, in static paragraphs too', async () => {
    const [a, b] = await Promise.all([openLong(w.seeded.editor), openLong(w.server.admin)]);
    await a.locator(`${EDITOR} span[data-word]`).nth(1).click();
    await caretNearTheEnd(b, 4);
    await Promise.all([a.keyboard.type(' alpha'), b.keyboard.type(' bravo')]);
    // (innerText leaves out what content-visibility skips: the whole text, as the DOM has it)
    const text = (page: Page) => page.locator(EDITOR).evaluate((e) => e.textContent ?? '');
    await expect.poll(async () => [await text(a), await text(b)], { timeout: 15_000 }).toSatisfy(([x, y]) => x === y && x.includes('alpha') && x.includes('bravo'));
    // a's last paragraph is still static, and shows b's word
    expect((await liveness(a)).at(-1)).toBe('false');
    expect(await lastTurn(a).locator('[data-static-words]').textContent()).toContain('bravo');
    await expect
      .poll(async () => (await fetch(`${w.server.url}/api/transcripts/${ids.transcriptId}/export?format=txt`, { headers: { cookie: w.seeded.admin.cookie } })).text(), { timeout: 10_000 })
      .toSatisfy((txt: string) => txt.includes('alpha') && txt.includes('bravo'));
  });
});
