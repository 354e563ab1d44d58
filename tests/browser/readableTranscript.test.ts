// Readable transcripts end to end (issue #19): a two-person interview of two synthetic voices, uploaded and transcribed
// with the project's defaults (punctuation on, speakers found from the audio), opens in the workbench with sentences,
// capitals and two speakers, and every export names the speakers at each change (subtitle cues end at sentence ends).
// Reviews, word timings and collaboration survive punctuation and speaker edits; a project with punctuation and
// speakers turned off gets the plain lower-case single-speaker transcript as before.
// The recording is uploaded through the explorer and the exports downloaded through the palette's Export….
// Artefacts (tests/browser/artifacts): readable-transcript-light.png, readable-transcript-dark.png,
// readable-speakers-edited.png, readable-interview.{txt,srt,vtt,docx,json}.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, screenshot } from './harness/launchBrowser.ts';
import { renderInterview } from './harness/renderInterview.ts';
import { runFromPalette } from './harness/runFromPalette.ts';
import { transcribe, upload } from './harness/seed.ts';
import { useWorkbench } from './harness/useWorkbench.ts';
import { openTranscript } from './harness/workbench.ts';

const w = useWorkbench({ threshold: 0.95 });

interface JsonExport {
  words: { text: string; start: number; end: number }[];
  segments: { speaker?: string; text?: string }[];
}

let wav: string;
let mediaId: string;
let transcriptId: string;
let uploader: Page;
const FORMATS = ['txt', 'srt', 'vtt', 'docx', 'json'] as const;

beforeAll(async () => {
  wav = renderInterview(w.seeded.dir);
  // uploaded as a person does, into the seeded project (its transcription settings are the defaults)
  uploader = await w.open(w.seeded.editor, { viewport: { width: 1300, height: 850 }, acceptDownloads: true });
  await uploader.locator(`[data-testid="project-item"][data-project-id="${w.seeded.projectId}"]`).click();
  await uploader.getByTestId('upload-input').setInputFiles(wav);
  await uploader.locator('[data-testid="upload-row"][data-state="succeeded"]').waitFor({ timeout: 120_000 });
  const { transcripts } = await w.seeded.admin.call<{ transcripts: { id: string; mediaId: string }[] }>('GET', `/api/projects/${w.seeded.projectId}/transcripts`);
  const fresh = transcripts.find((t) => t.id !== w.seeded.transcriptId);
  if (!fresh) throw new Error('the uploaded interview has no transcript');
  [transcriptId, mediaId] = [fresh.id, fresh.mediaId];
});

const exported = async (id: string, format: string): Promise<Buffer> => {
  const res = await fetch(`${w.server.url}/api/transcripts/${id}/export?format=${format}`, { headers: { cookie: w.seeded.admin.cookie } });
  if (res.status !== 200) throw new Error(`export ${format} answered ${res.status}: ${await res.text()}`);
  return Buffer.from(await res.arrayBuffer());
};
const exportJson = async (id: string) => JSON.parse((await exported(id, 'json')).toString('utf8')) as JsonExport;

/** The speaker of each turn as the editor shows it. */
const turnSpeakers = (page: Page) =>
  page.locator('[data-testid="transcript-editor"]:visible [data-testid="turn-speaker"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
/** Each word span's text and timing as the editor shows it. */
// (a paragraph away from the view is drawn static, its plain words as text with no span: every paragraph of this short
// interview is near the view, so wait until all are live, else the list depends on when it is read)
const editorWords = async (page: Page) => {
  await page.locator('[data-testid="transcript-editor"]:visible [data-turn][data-live="false"]').first().waitFor({ state: 'detached', timeout: 15_000 });
  return page.locator('[data-testid="transcript-editor"]:visible span[data-word]').evaluateAll((spans) => spans.map((s) => [s.textContent, s.getAttribute('data-start'), s.getAttribute('data-end')].join('|')));
};
/** The speakers in the order their turns come, with runs of one speaker collapsed (the speaker changes). */
const changes = (speakers: (string | undefined)[]) => speakers.filter((s, i) => i === 0 || s !== speakers[i - 1]);

/** The cues of an SRT or WebVTT file: each cue's text lines joined by a space (a VTT voice span left out). */
function cueTexts(subtitles: string): string[] {
  return subtitles
    .replace(/\r/g, '')
    .split(/\n\n+/)
    .map((block) => block.split('\n'))
    .filter((lines) => lines.some((l) => l.includes('-->')))
    .map((lines) => lines.slice(lines.findIndex((l) => l.includes('-->')) + 1).join(' ').replace(/^<v [^>]+>/, '').trim());
}

describe('a punctuated two-speaker interview', () => {
  it('is transcribed with sentence punctuation, capitals and two speakers, turn by turn', async () => {
    const json = await exportJson(transcriptId);
    const text = json.words.map((x) => x.text).join(' ');
    expect(text).toMatch(/[.?!]/);
    expect(text).toMatch(/(^|[.?!] )[A-Z]/);
    const speakers = json.segments.map((s) => s.speaker);
    expect(new Set(speakers).size).toBe(2);
    // questions and answers alternate: at least six changes of speaker over the eight turns
    expect(changes(speakers).length).toBeGreaterThanOrEqual(7);
  });

  it('opens in the workbench with its sentences and both speakers (screenshots in the light and dark themes)', async () => {
    const page = uploader;
    await openTranscript(page, w.seeded.projectId, mediaId, transcriptId);
    await expect.poll(async () => new Set(await turnSpeakers(page)).size).toBe(2);
    expect(changes(await turnSpeakers(page)).length).toBeGreaterThanOrEqual(7);
    const shown = (await editorWords(page)).map((x) => x.split('|')[0]).join(' ');
    expect(shown).toMatch(/[.?!]/);
    expect(shown).toMatch(/[A-Z]/);
    await screenshot(page, 'readable-transcript-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(255, 255, 255)');
    await screenshot(page, 'readable-transcript-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // every export format downloaded as a person does: the palette's Export…, then the format
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const format of FORMATS) {
      const download = page.waitForEvent('download');
      await runFromPalette(page, 'Export…', 'transcript.export');
      await page.locator(`[data-testid="export-format"][data-format="${format}"]`).click();
      await (await download).saveAs(join(ARTIFACTS, `readable-interview.${format}`));
    }
    await page.close();
  });

  it('exports TXT, SRT, VTT, DOCX and JSON that name the speaker at each change, with cues ending at sentence ends', async () => {
    const files = Object.fromEntries(FORMATS.map((f) => [f, readFileSync(join(ARTIFACTS, `readable-interview.${f}`))]));
    // the downloads are what the server exports
    for (const format of ['txt', 'srt', 'vtt', 'json'] as const) expect(files[format]!.toString('utf8'), format).toBe((await exported(transcriptId, format)).toString('utf8'));
    const json = JSON.parse(files['json']!.toString('utf8')) as JsonExport;
    const turns = changes(json.segments.map((s) => s.speaker)) as string[];
    const named = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]);

    // TXT and SRT: "Speaker 1: …" where the speaker changes, and only there
    expect(named(files['txt']!.toString('utf8'), /^(?:\[[^\]]*\] *)?(Speaker \d+): /gm)).toEqual(turns);
    const srt = files['srt']!.toString('utf8');
    expect(named(srt, /^(Speaker \d+): /gm)).toEqual(turns);
    // VTT: every cue carries its voice, and the voices change as the turns do
    const vtt = files['vtt']!.toString('utf8');
    expect(changes(named(vtt, /^<v ([^>]+)>/gm))).toEqual(turns);
    // DOCX: the speaker's name in bold at each change
    const docx = join(ARTIFACTS, 'readable-interview.docx');
    const documentXml = execFileSync('unzip', ['-p', docx, 'word/document.xml']).toString('utf8');
    const docxText = [...documentXml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(named(docxText, /(Speaker \d+): /g)).toEqual(turns);

    // cues end at sentence ends: no cue goes on past a sentence's end, and some cue ends with one
    for (const [format, subtitles] of [['srt', srt], ['vtt', vtt]] as const) {
      const cues = cueTexts(subtitles).map((c) => c.replace(/^Speaker \d+: /, ''));
      expect(cues.length, format).toBeGreaterThan(4);
      expect(cues.filter((c) => /[.?!] +\S/.test(c)), `${format} cues with a sentence end inside`).toEqual([]);
      expect(cues.some((c) => /[.?!]$/.test(c)), format).toBe(true);
    }
  });
});

describe('timings, reviews and collaboration survive punctuation and speaker edits', () => {
  let a: Page;
  let b: Page;
  let wordsBefore: string[];

  beforeAll(async () => {
    [a, b] = await Promise.all([w.open(w.seeded.editor), w.open(w.server.admin)]);
    await Promise.all([openTranscript(a, w.seeded.projectId, mediaId, transcriptId), openTranscript(b, w.seeded.projectId, mediaId, transcriptId)]);
    wordsBefore = await editorWords(a);
  });

  /** The first flagged, unreviewed word of page a whose text ends with a punctuation mark (after `skip` of them). */
  const punctuatedFlagged = (skip: number) => a.locator('[data-testid="transcript-editor"]:visible span[data-word][data-flagged="true"]:not([data-reviewed="true"])').filter({ hasText: /^[A-Za-z']+[.?!,]$/ }).nth(skip);
  const reviews = async () => (await w.seeded.admin.call<{ reviews: { action: string; before: string; after: string; start: number; end: number }[] }>('GET', `/api/transcripts/${transcriptId}/reviews`)).reviews;

  it('accepting a punctuated word keeps its mark and timing; correcting one keeps its mark and timing', async () => {
    await expect.poll(async () => parseInt(await a.getByTestId('status-collaborators').innerText(), 10), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const accepted = punctuatedFlagged(0);
    const acceptedText = (await accepted.textContent())!;
    const acceptedStart = (await accepted.getAttribute('data-start'))!;
    await accepted.click();
    await a.keyboard.press('Control+Enter');
    const reviewed = a.locator(`[data-testid="transcript-editor"]:visible span[data-word][data-reviewed="true"][data-start="${acceptedStart}"]`);
    await reviewed.waitFor({ timeout: 10_000 });
    expect(await reviewed.textContent()).toBe(acceptedText);
    await expect.poll(reviews, { timeout: 10_000 }).toContainEqual(expect.objectContaining({ action: 'accept', before: acceptedText }));

    // correct a punctuated flagged word: double-click selects its letters, typing replaces them, the mark stays
    const corrected = punctuatedFlagged(0);
    const [correctedText, correctedStart, correctedEnd] = [(await corrected.textContent())!, (await corrected.getAttribute('data-start'))!, (await corrected.getAttribute('data-end'))!];
    const mark = correctedText.slice(-1);
    await corrected.dblclick();
    await expect.poll(() => a.evaluate(() => window.getSelection()?.toString() ?? '')).toBe(correctedText.slice(0, -1));
    await a.keyboard.type('zanzibar');
    // leaving the word records the correction
    await a.keyboard.press('F8');
    await expect.poll(reviews, { timeout: 10_000 }).toContainEqual(expect.objectContaining({ action: 'correct', after: `zanzibar${mark}` }));
    const fixed = a.locator(`[data-testid="transcript-editor"]:visible span[data-word][data-start="${correctedStart}"]`);
    expect(await fixed.textContent()).toBe(`zanzibar${mark}`);
    expect(await fixed.getAttribute('data-end')).toBe(correctedEnd);

    // every other word as it was, with its timing; the other client has the same words
    const after = await editorWords(a);
    expect(after.filter((x) => !x.startsWith(`zanzibar${mark}|`))).toEqual(wordsBefore.filter((x) => x !== `${correctedText}|${correctedStart}|${correctedEnd}`));
    await expect.poll(() => editorWords(b), { timeout: 15_000 }).toEqual(after);
  });

  it('renaming a speaker and assigning selections (palette and Alt+S) converge on both clients, and undo/redo restores them', async () => {
    const words = await editorWords(a);
    const reviewedBefore = await a.locator('[data-testid="transcript-editor"]:visible span[data-reviewed="true"]').count();
    const original = await turnSpeakers(b);
    expect(original.length).toBeGreaterThanOrEqual(8);

    // b renames Speaker 1 in the speaker list
    await b.getByTestId('speakers-button').click();
    await b.getByTestId('speakers-panel').waitFor();
    const name = b.locator('[data-testid="speaker-row"][data-speaker="Speaker 1"]').getByTestId('speaker-name');
    await name.fill('Interviewer');
    await name.press('Enter');
    const renamed = original.map((s) => (s === 'Speaker 1' ? 'Interviewer' : s));
    await expect.poll(() => turnSpeakers(b)).toEqual(renamed);
    await b.getByTestId('speakers-button').click();

    // b gives one word of the second turn (the interviewee's) to the interviewer, from the palette
    const answerIndex = renamed.findIndex((s) => s !== 'Interviewer');
    /** The n-th word of the turn-th turn on page b. */
    const wordOf = (turn: number, n: number) => b.locator('[data-testid="transcript-editor"]:visible [data-turn]').nth(turn).locator('span[data-word]').nth(n);
    /**
     * The index of a word of turn `turn`, from the `from`-th on, that a double-click selects as a person would: three
     * letters or more (Chromium's double-click on the one-letter word "I" selected only the space after it), and not
     * the turn's last word, so the turn splits on both sides. Which words a turn holds depends on the bundled model.
     */
    const clickableWord = async (turn: number, from: number) => {
      const texts = await b.locator('[data-testid="transcript-editor"]:visible [data-turn]').nth(turn).locator('span[data-word]').allTextContents();
      const n = texts.findIndex((t, i) => i >= from && i < texts.length - 1 && t.replace(/[^\p{L}']/gu, '').length >= 3);
      if (n < 0) throw new Error(`turn ${turn} has no word of three letters or more after its ${from}-th: ${JSON.stringify(texts)}`);
      return n;
    };
    await (wordOf(answerIndex, await clickableWord(answerIndex, 2))).dblclick();
    await runFromPalette(b, 'assign selection to speaker', 'transcript.assignSelectionToSpeaker');
    await b.locator('[data-testid="assign-speaker-option"][data-speaker="Interviewer"]').click();
    await expect.poll(async () => (await turnSpeakers(b)).length).toBe(renamed.length + 2);

    // and, with Alt+S, one word of the last answer too
    const lastAnswer = (await turnSpeakers(b)).lastIndexOf(renamed.findLast((s) => s !== 'Interviewer')!);
    await (wordOf(lastAnswer, await clickableWord(lastAnswer, 1))).dblclick();
    await b.keyboard.press('Alt+S');
    await b.locator('[data-testid="assign-speaker-option"][data-speaker="Interviewer"]').click();
    await expect.poll(async () => (await turnSpeakers(b)).length).toBe(renamed.length + 4);
    const edited = await turnSpeakers(b);
    await expect.poll(() => turnSpeakers(a), { timeout: 15_000 }).toEqual(edited);
    await screenshot(b, 'readable-speakers-edited');
    // the words, their timings and the review marks are untouched by who spoke
    expect(await editorWords(a)).toEqual(words);
    expect(await editorWords(b)).toEqual(words);
    expect(await a.locator('[data-testid="transcript-editor"]:visible span[data-reviewed="true"]').count()).toBe(reviewedBefore);
    await expect.poll(async () => changes((await exportJson(transcriptId)).segments.map((s) => s.speaker)), { timeout: 15_000 }).toEqual(changes(edited));

    // undo the three steps on b: both clients are back to the original speakers; redo brings the edits back
    await (wordOf(0, 0)).click();
    for (let i = 0; i < 3; i++) await b.keyboard.press('Control+z');
    await expect.poll(() => turnSpeakers(b)).toEqual(original);
    await expect.poll(() => turnSpeakers(a), { timeout: 15_000 }).toEqual(original);
    for (let i = 0; i < 3; i++) await b.keyboard.press('Control+Shift+z');
    await expect.poll(() => turnSpeakers(b)).toEqual(edited);
    await expect.poll(() => turnSpeakers(a), { timeout: 15_000 }).toEqual(edited);
    expect(await editorWords(a)).toEqual(words);
    expect(await a.locator('[data-testid="transcript-editor"]:visible span[data-reviewed="true"]').count()).toBe(reviewedBefore);
    expect((await reviews()).map((r) => r.action).sort()).toEqual(['accept', 'correct']);
  });
});

describe('a project with punctuation and speakers off', () => {
  it('gets lower-case, unpunctuated, single-speaker transcripts, as before', async () => {
    const api = w.seeded.admin;
    const project = await api.call<{ id: string }>('POST', '/api/projects', { name: 'Plain transcripts' });
    const page = await w.open(w.server.admin);
    await page.locator(`[data-testid="project-item"][data-project-id="${project.id}"]`).click();
    await runFromPalette(page, 'compare on reviewed work', 'models.compare');
    const settings = page.locator('[data-testid="project-models"]:visible [data-testid="transcription-settings"]');
    await settings.getByTestId('transcription-punctuate').waitFor();
    await settings.getByTestId('transcription-punctuate').uncheck();
    await settings.locator('[data-testid="transcription-speakers"][value="off"]').check();
    await settings.getByTestId('transcription-settings-save').click();
    await expect.poll(() => api.call('GET', `/api/projects/${project.id}/transcription-settings`)).toEqual({ punctuate: false, speakers: 'off' });

    const id = await transcribe(api, project.id, await upload(api, project.id, wav));
    const json = await exportJson(id);
    const text = json.words.map((x) => x.text).join(' ');
    expect(text).toMatch(/[a-z]/);
    expect(text).not.toMatch(/[A-Z.,?!;:]/);
    expect(new Set(json.segments.map((s) => s.speaker ?? 'Speaker 1')).size).toBe(1);
  });
});
