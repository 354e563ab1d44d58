// Review records kept in step with the editor's undo history, in real Chromium against the real server, worked the way
// people work: keys, the command palette, a selection over several words. A word typed over several words takes their
// whole span; undo withdraws a decision and redo restores it, once; no redo step is lost; deleting a flagged word is a
// recorded correction; the JSON export says who checked or wrote which word.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from './harness/launchBrowser.ts';
import { runFromPalette } from './harness/runFromPalette.ts';
import { editorText } from './harness/workbench.ts';
import { useWorkbench } from './harness/useWorkbench.ts';

const w = useWorkbench({ threshold: 1 });
let page: Page;
let errors: string[];

beforeAll(async () => {
  // every word below 1.0 is flagged: the whole interview is up for review
  ({ page, errors } = await w.openSeededTranscript());
});

interface Review {
  id: string;
  action: string;
  start: number;
  end: number;
  before: string;
  after: string;
  userId: string;
  withdrawnAt: number | null;
}
interface ExportWord {
  text: string;
  start: number;
  end: number;
  confidence: number;
  origin: string;
  reviewed?: { by: string; byName?: string; at: string; action: string };
  original?: { text: string; confidence: number };
}

const reviews = async (withdrawn = false) =>
  (await w.seeded.admin.call<{ reviews: Review[] }>('GET', `/api/transcripts/${w.seeded.transcriptId}/reviews${withdrawn ? '?withdrawn=include' : ''}`)).reviews;
const corrections = async () => (await reviews()).filter((r) => r.action === 'correct').map((r) => `${r.before} > ${r.after}`).sort();
const quality = async () => (await w.seeded.admin.call<{ models: Array<{ accepted: number; corrected: number }> }>('GET', `/api/projects/${w.seeded.projectId}/quality`)).models[0]!;
const exported = async () => (await w.seeded.admin.call<{ words: ExportWord[] }>('GET', `/api/transcripts/${w.seeded.transcriptId}/export?format=json`)).words;
const words = () => page.locator('[data-testid="transcript-editor"]:visible span[data-word]');
const word = async (n: number) => {
  const span = words().nth(n);
  return { text: (await span.innerText()).trim(), start: Number(await span.getAttribute('data-start')), end: Number(await span.getAttribute('data-end')) };
};

/** Selects words `from` to `to` (0-based) as a person does: a click before the first, a Shift+click after the last. */
async function selectWords(from: number, to: number): Promise<string> {
  const texts = await words().evaluateAll((spans) => spans.map((span) => span.textContent ?? ''));
  const chosen = texts.slice(from, to + 1).join(' ');
  const first = (await words().nth(from).boundingBox())!;
  const last = (await words().nth(to).boundingBox())!;
  await page.mouse.click(first.x + 1, first.y + first.height / 2);
  await page.keyboard.down('Shift');
  await page.mouse.click(last.x + last.width - 1, last.y + last.height / 2);
  await page.keyboard.up('Shift');
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe(chosen);
  return chosen;
}

describe('review decisions and the undo history', () => {
  let original: string;

  it('takes the whole span for a word typed over several words, and records that correction once', async () => {
    original = await editorText(page);
    const [a, , c] = [await word(1), await word(2), await word(3)];
    const before = await selectWords(1, 3);
    await page.keyboard.type('fibrillation');
    // leaving the words records the correction
    await page.keyboard.press('F8');
    const fixed = page.locator('[data-testid="transcript-editor"]:visible span[data-word]', { hasText: /^fibrillation$/ });
    await expect.poll(() => fixed.getAttribute('data-start')).toBe(String(a.start));
    expect(Number(await fixed.getAttribute('data-end'))).toBe(c.end);
    await expect.poll(() => reviews()).toEqual([expect.objectContaining({ action: 'correct', before, after: 'fibrillation', start: a.start, end: c.end, userId: w.seeded.editor.id })]);
    await expect.poll(async () => (await exported()).find((w) => w.text === 'fibrillation')?.reviewed?.action).toBe('correct');
    const inExport = (await exported()).find((w) => w.text === 'fibrillation')!;
    expect(inExport).toMatchObject({ start: a.start, end: c.end, confidence: 1, origin: 'human', reviewed: { by: w.seeded.editor.id, byName: 'eve', action: 'correct' }, original: { text: before } });
    await screenshot(page, 'review-multiword-correction');
  });

  it('withdraws the correction on undo (Ctrl+Z) and restores the same record on redo (palette), counted once', async () => {
    const corrected = await editorText(page);
    await page.keyboard.press('Control+z');
    await expect.poll(() => editorText(page)).toBe(original);
    await expect.poll(corrections).toEqual([]);
    expect((await quality()).corrected).toBe(0);
    const [withdrawn] = await reviews(true);
    expect(withdrawn!.withdrawnAt).not.toBeNull();
    await runFromPalette(page, 'redo', 'transcript.redo');
    await expect.poll(() => editorText(page)).toBe(corrected);
    await expect.poll(() => reviews()).toEqual([expect.objectContaining({ id: withdrawn!.id, after: 'fibrillation', withdrawnAt: null })]);
    expect((await quality()).corrected).toBe(1);
  });

  it('loses no redo step: corrections undone one by one come back one by one, each recorded once', async () => {
    // three more corrections, each typed over the flagged word F8 selects
    for (const typed of ['alpha', 'bravo', 'charlie']) {
      await page.keyboard.press('F8');
      await expect.poll(() => page.evaluate(() => window.getSelection()?.toString().trim() ?? '')).not.toBe('');
      await page.keyboard.type(typed);
    }
    await page.keyboard.press('F8');
    await expect.poll(corrections).toHaveLength(4);
    const corrected = await editorText(page);
    const recorded = await corrections();

    // back to the recognised text with the keys, every decision withdrawn
    for (let i = 0; i < 12 && (await editorText(page)) !== original; i++) {
      await page.keyboard.press('Control+z');
      await page.waitForTimeout(150);
    }
    expect(await editorText(page)).toBe(original);
    await expect.poll(corrections).toEqual([]);
    // and forward again, keys and palette in turn: every step is still there
    for (let i = 0; i < 12 && (await editorText(page)) !== corrected; i++) {
      if (i % 2 === 0) await page.keyboard.press('Control+Shift+z');
      else await runFromPalette(page, 'redo', 'transcript.redo');
      await page.waitForTimeout(150);
    }
    expect(await editorText(page)).toBe(corrected);
    await expect.poll(corrections).toEqual(recorded);
    expect((await reviews(true)).filter((r) => r.action === 'correct')).toHaveLength(4);
    expect((await quality()).corrected).toBe(4);
  });

  it('records the deletion of a flagged word, and an accept, as the export shows', async () => {
    await page.keyboard.press('F8');
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString().trim() ?? '')).not.toBe('');
    const deleted = await page.evaluate(() => window.getSelection()!.toString().trim());
    await page.keyboard.press('Backspace');
    await page.keyboard.press('F8');
    await expect.poll(async () => (await reviews()).filter((r) => r.after === '')).toEqual([expect.objectContaining({ action: 'correct', before: deleted })]);
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString().trim() ?? '')).not.toBe('');
    const accepted = await page.evaluate(() => window.getSelection()!.toString().trim());
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await reviews()).filter((r) => r.action === 'accept')).toEqual([expect.objectContaining({ before: accepted })]);
    // the decision reaches the document over the collaboration socket, the review record over REST: the export shows it
    // once the document has it
    await expect.poll(async () => (await exported()).some((w) => w.reviewed?.action === 'accept')).toBe(true);
    const inExport = (await exported()).find((w) => w.reviewed?.action === 'accept')!;
    expect(inExport).toMatchObject({ text: accepted, reviewed: { by: w.seeded.editor.id, byName: 'eve' } });
    expect(inExport.origin).not.toBe('human');
    expect(inExport.original).toBeUndefined();
    // the machine's words that nobody touched say so too
    expect((await exported()).filter((w) => w.reviewed === undefined).every((w) => w.origin === 'asr' || w.origin.startsWith('plugin:'))).toBe(true);
    expect(errors).toEqual([]);
  });
});
