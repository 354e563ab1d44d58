// Field quality in the workbench, in real Chromium against the real server: a turn marked verified from the palette
// (undo removes the span on the server, redo records it again) and one by its key, a word corrected inside it, then
// the Quality dashboard: its figures read as the API gives them, a chart's data exported as CSV and the chart as PNG,
// a most-corrected word put into the vocabulary, a recording's and a speaker's attributes (the server's limits shown)
// and the slices they make, and screenshots of the dashboard in the dark and the light theme (tests/browser/artifacts/quality-dashboard-*.png).
import { readFileSync } from 'node:fs';
import type { QualityResponse, VerifiedSpansResponse } from '@verbatim/core/api';
import type { Download, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './harness/axeScan.ts';
import { screenshot } from './harness/launchBrowser.ts';
import { runFromPalette } from './harness/runFromPalette.ts';
import { renderWav, transcribe, upload } from './harness/seed.ts';
import { useWorkbench } from './harness/useWorkbench.ts';
import { openTranscript, signIn } from './harness/workbench.ts';

// every word flagged: flag precision is then the share of words that were wrong, and recall 1
const w = useWorkbench({ threshold: 1 });
let page: Page;
const errors: string[] = [];
// a second recording, verified whole through the API and described as another accent: a second slice
let secondMediaId: string;

beforeAll(async () => {
  const wav = renderWav(w.seeded.dir, 'ward', 'the nurse asked about the night shifts and the new clinic in the morning.');
  secondMediaId = await upload(w.seeded.admin, w.seeded.projectId, wav);
  const secondTranscript = await transcribe(w.seeded.admin, w.seeded.projectId, secondMediaId);
  await w.seeded.admin.call('POST', `/api/transcripts/${secondTranscript}/verified-spans`, { scope: 'transcript' });
  await w.seeded.admin.call('PUT', `/api/media/${secondMediaId}/attributes`, { attributes: { accent: 'irish' } });
  page = await w.open(undefined, { viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  page.on('pageerror', (error) => errors.push(error.message));
  // the project's owner: marks words, corrects them and describes recordings
  await signIn(page, w.server.url, w.server.admin.email, w.server.admin.password);
  await openTranscript(page, w.seeded.projectId, w.seeded.mediaId, w.seeded.transcriptId);
});

const spans = async () => (await w.seeded.admin.call<VerifiedSpansResponse>('GET', `/api/transcripts/${w.seeded.transcriptId}/verified-spans`)).spans;
const quality = () => w.seeded.admin.call<QualityResponse>('GET', `/api/projects/${w.seeded.projectId}/quality`);
const words = () => page.locator('[data-testid="transcript-editor"]:visible span[data-word]');
const bars = () => page.locator('[data-testid="verified-bar"]');
const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '–' : `${(rate * 100).toFixed(1)}%`);
const score = (value: number | null | undefined) => (value === null || value === undefined ? '–' : value.toFixed(3));

async function download(click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = (await Promise.all([page.waitForEvent('download'), click()])) as [Download, void];
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
}

describe('correcting words and marking them verified', () => {
  it('records a correction typed over a flagged word', async () => {
    const texts = await words().evaluateAll((all) => all.map((span) => span.textContent ?? ''));
    const box = (await words().nth(2).boundingBox())!;
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString().trim())).toBe(texts[2]);
    await page.keyboard.type('zanzibar');
    await page.keyboard.press('F8');
    await expect
      .poll(async () => (await w.seeded.admin.call<{ reviews: Array<{ action: string; before: string; after: string }> }>('GET', `/api/transcripts/${w.seeded.transcriptId}/reviews`)).reviews)
      .toContainEqual(expect.objectContaining({ action: 'correct', before: texts[2], after: 'zanzibar' }));
  });

  it('marks the turn at the caret verified from the palette; undo removes the span, redo records it again', async () => {
    await page.locator('span[data-word]', { hasText: 'zanzibar' }).click();
    await runFromPalette(page, 'mark turn verified', 'review.markTurnVerified');
    await expect.poll(spans).toEqual([expect.objectContaining({ scope: 'turn' })]);
    await expect.poll(() => bars().count()).toBe(1);
    // every word of the turn now carries the verifier's review mark
    const turn = page.locator('[data-turn]').filter({ has: page.locator('span[data-word]', { hasText: 'zanzibar' }) });
    await expect.poll(() => turn.locator('span[data-word]:not([data-reviewed="true"])').count()).toBe(0);

    await page.keyboard.press('Control+z');
    await expect.poll(spans).toEqual([]);
    await expect.poll(() => bars().count()).toBe(0);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(spans).toEqual([expect.objectContaining({ scope: 'turn' })]);
    await expect.poll(() => bars().count()).toBe(1);
  });

  it('marks a turn verified by its key', async () => {
    await words().first().click();
    const posted = page.waitForResponse((r) => r.url().endsWith('/verified-spans') && r.request().method() === 'POST');
    await page.keyboard.press('Control+Shift+Enter');
    expect((await posted).status()).toBeLessThan(300);
    await expect.poll(async () => (await spans()).length).toBe(2);
  });

  it('marks the selected words verified by their key, as the time span they cover', async () => {
    const first = words().nth(4);
    const last = words().nth(6);
    const from = (await first.boundingBox())!;
    const to = (await last.boundingBox())!;
    await page.mouse.click(from.x + 1, from.y + from.height / 2);
    await page.keyboard.down('Shift');
    await page.mouse.click(to.x + to.width - 1, to.y + to.height / 2);
    await page.keyboard.up('Shift');
    const startMs = Math.round(Number(await first.getAttribute('data-start')) * 1000);
    const endMs = Math.round(Number(await last.getAttribute('data-end')) * 1000);
    await page.keyboard.press('Control+Alt+Enter');
    await expect.poll(spans).toContainEqual(expect.objectContaining({ scope: 'span', startMs, endMs }));
    await expect.poll(() => bars().count()).toBe(3);
  });

  it('lets a reviewer mark the whole transcript verified: the room takes the marks, and the export says who checked each word', async () => {
    const reviewer = await w.open(w.seeded.reviewer);
    await openTranscript(reviewer, w.seeded.projectId, w.seeded.mediaId, w.seeded.transcriptId);
    await reviewer.locator('[data-testid="transcript-editor"] span[data-word]').first().click();
    await runFromPalette(reviewer, 'mark transcript verified', 'review.markTranscriptVerified');
    await expect.poll(spans).toContainEqual(expect.objectContaining({ scope: 'transcript', by: w.seeded.reviewer.id }));
    const checkedBy = async () =>
      (await w.seeded.admin.call<{ words: Array<{ reviewed?: { by: string } }> }>('GET', `/api/transcripts/${w.seeded.transcriptId}/export?format=json`)).words.map((word) => word.reviewed?.by);
    await expect.poll(async () => new Set(await checkedBy())).toEqual(new Set([w.seeded.reviewer.id]));
    await reviewer.close();
  });
});

describe('slice attributes', () => {
  it("shows the server's limits as errors and saves what keeps to them", async () => {
    await page.getByTestId('activity-explorer').click();
    const row = page.locator(`[data-testid="media-item"][data-media-id="${w.seeded.mediaId}"]`);
    await row.hover();
    await row.getByTestId('media-attributes').click();
    const dialog = page.getByTestId('recording-attributes-dialog');
    await dialog.getByTestId('attributes-editor').waitFor();
    await dialog.getByTestId('attribute-key').first().fill('accent');
    await dialog.getByTestId('attribute-value').first().fill('x'.repeat(101));
    await expect.poll(() => dialog.getByTestId('attribute-problems').innerText()).toContain('an attribute value has at most 100 characters');
    await dialog.getByTestId('attribute-value').first().fill('scottish');
    await expect.poll(() => dialog.getByTestId('attribute-problems').count()).toBe(0);
    await dialog.getByTestId('dialog-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await w.seeded.admin.call('GET', `/api/media/${w.seeded.mediaId}/attributes`)).toEqual({ attributes: { accent: 'scottish' } });
  });

  it("describes a speaker from the transcript's speaker list", async () => {
    await page.getByTestId('editor-tab').first().click();
    await page.getByTestId('speakers-button').click();
    const speaker = (await page.getByTestId('speaker-row').first().getAttribute('data-speaker'))!;
    await page.getByTestId('speaker-attributes').first().click();
    const dialog = page.getByTestId('speaker-attributes-dialog');
    await dialog.getByTestId('attributes-editor').waitFor();
    await dialog.getByTestId('attribute-key').first().fill('native language');
    await dialog.getByTestId('attribute-value').first().fill('english');
    await dialog.getByTestId('dialog-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    const { speakers } = await w.seeded.admin.call<{ speakers: Record<string, Record<string, string>> }>('GET', `/api/projects/${w.seeded.projectId}/speaker-attributes`);
    expect(speakers[speaker]).toEqual({ 'native language': 'english' });
  });
});

describe('the Quality dashboard', () => {
  it('opens from the Quality view and shows the figures the API gives', async () => {
    await page.getByTestId('activity-quality').click();
    await page.getByTestId('quality-view').waitFor();
    await page.getByTestId('quality-open-dashboard').click();
    const dashboard = page.getByTestId('quality-dashboard');
    await dashboard.waitFor();
    // a measure needs 100 verified words unless the owner says otherwise: the seeded interviews have about thirty
    await dashboard.getByTestId('quality-settings').locator('summary').click();
    const minWords = dashboard.locator('[data-testid="quality-setting"][data-setting="minWords"]');
    await minWords.fill('0');
    await dashboard.getByTestId('quality-settings-save').click();
    await expect.poll(() => dashboard.getByTestId('quality-settings-error').innerText()).toMatch(/minWords/);
    await minWords.fill('5');
    await dashboard.getByTestId('quality-settings-save').click();
    await expect.poll(async () => (await quality()).minWords).toBe(5);
    await dashboard.getByTestId('quality-settings').locator('summary').click();
    const answer = await quality();
    const model = answer.models.find((m) => m.field.verifiedWords > 0)!;
    expect(model, JSON.stringify(answer.models)).toBeDefined();
    expect(model.field.enough).toBe(true);
    expect(model.field.wer!.errors).toBeGreaterThanOrEqual(1);
    await page.getByTestId('quality-model-select').selectOption(`${model.modelId}@${model.modelVersion}`);
    const figure = (id: string) => dashboard.locator(`[data-testid="quality-figure"][data-figure="${id}"] .quality-figure-value`);
    await expect.poll(() => figure('wer').innerText()).toBe(percent(model.field.wer!.rate));
    expect(await figure('cer').innerText()).toBe(percent(model.field.cer?.rate));
    expect(await figure('ece').innerText()).toBe(score(model.field.ece));
    expect(await figure('auroc').innerText()).toBe(score(model.field.auroc));
    expect(await figure('flag-precision').innerText()).toBe(percent(model.field.flags?.precision));
    expect(await figure('flag-recall').innerText()).toBe(percent(model.field.flags?.recall));
    expect(await figure('verified-words').innerText()).toBe(model.field.verifiedWords.toLocaleString('en'));
    // the side bar's Quality view read the figures again when the setting changed
    await expect.poll(() => page.getByTestId('quality-view').innerText()).toContain(percent(model.field.wer!.rate));
    // the reliability diagram is drawn (a canvas with pixels), and the correction is among the most-corrected words
    const reliability = dashboard.locator('[data-chart="reliability"] canvas');
    await reliability.waitFor();
    expect((await reliability.boundingBox())!.height).toBeGreaterThan(100);
    await dashboard.locator('[data-testid="quality-correction"][data-meant="zanzibar"]').waitFor();
    // WER per recording accent: both recordings' slices, drawn, with the disparity as the API gives it
    const accent = model.slices.find((g) => g.source === 'recording' && g.key === 'accent')!;
    expect(accent.slices.map((slice) => slice.value).sort()).toEqual(['irish', 'scottish']);
    const sliceChart = dashboard.locator('[data-chart="slice-recording-accent"]');
    await sliceChart.locator('canvas').waitFor();
    if (accent.disparity) {
      const disparity = sliceChart.getByTestId('slice-disparity');
      expect(await disparity.innerText()).toContain(`"${accent.disparity.worst}"`);
      expect(await disparity.getAttribute('data-warning')).toBe(accent.disparity.warning ? 'true' : null);
    }
    expect(errors).toEqual([]);
  });

  it('shows an administrator every project together (GET /api/quality)', async () => {
    await page.getByTestId('quality-open-deployment').click();
    const dashboard = page.locator('[data-testid="quality-dashboard"][data-scope="deployment"]');
    await dashboard.waitFor();
    const answer = await w.seeded.admin.call<QualityResponse>('GET', '/api/quality');
    const model = answer.models.find((m) => m.field.verifiedWords > 0)!;
    await dashboard.getByTestId('quality-model-select').selectOption(`${model.modelId}@${model.modelVersion}`);
    const wer = dashboard.locator('[data-testid="quality-figure"][data-figure="wer"] .quality-figure-value');
    await expect.poll(() => wer.innerText()).toBe(percent(model.field.wer?.rate));
    expect(await dashboard.locator('[data-testid="quality-figure"][data-figure="verified-words"]').getAttribute('data-value')).toBe(String(model.field.verifiedWords));
    // its tab closes; the project's dashboard is the active tab again
    await page.keyboard.press('Alt+w');
    await dashboard.waitFor({ state: 'detached' });
    await page.locator('[data-testid="quality-dashboard"][data-scope="project"]').waitFor();
  });

  it("exports the reliability diagram's data as CSV and the chart as PNG", async () => {
    const chart = page.locator('[data-chart="reliability"]');
    const csv = await download(() => chart.getByTestId('chart-csv').click());
    expect(csv.name).toMatch(/^quality-Interviews-.+-reliability\.csv$/);
    const rows = csv.bytes.toString('utf8').trimEnd().split('\r\n');
    expect(rows[0]).toBe('confidence_from,confidence_to,words,correct,mean_confidence,accuracy,accuracy_low,accuracy_high');
    const model = (await quality()).models.find((m) => m.field.verifiedWords > 0)!;
    expect(rows).toHaveLength(model.field.reliability.length + 1);
    expect(rows.slice(1).reduce((sum, row) => sum + Number(row.split(',')[2]), 0)).toBe(model.field.reliability.reduce((sum, b) => sum + b.count, 0));
    const png = await download(() => chart.getByTestId('chart-png').click());
    expect(png.name).toMatch(/reliability\.png$/);
    expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.bytes.length).toBeGreaterThan(2000);
  });

  it('puts a most-corrected word into the vocabulary with the Add to Vocabulary dialog', async () => {
    await page.locator('[data-testid="quality-correction"][data-meant="zanzibar"] [data-testid="quality-add-vocabulary"]').click();
    const dialog = page.getByTestId('vocabulary-dialog');
    await dialog.waitFor();
    expect(await page.getByTestId('vocabulary-phrase').inputValue()).toBe('zanzibar');
    await page.getByTestId('vocabulary-add').click();
    await dialog.waitFor({ state: 'detached' });
    const { entries } = await w.seeded.admin.call<{ entries: Array<{ phrase: string }> }>('GET', `/api/projects/${w.seeded.projectId}/vocabulary`);
    expect(entries.map((e) => e.phrase)).toContain('zanzibar');
  });

  it('is readable in the dark and the light theme (screenshots)', async () => {
    // the whole dashboard: no Problems panel, a tall window, scrolled to the top
    await page.keyboard.press('Control+Shift+M');
    await page.setViewportSize({ width: 1400, height: 1400 });
    const shots: Record<string, string> = {};
    for (const theme of ['dark', 'light'] as const) {
      await page.getByTestId('account-menu').click();
      await page.getByTestId('open-settings').click();
      await page.locator(`[data-testid="theme-choice"][value="${theme}"]`).check();
      await runFromPalette(page, "open the project's dashboard", 'quality.openDashboard');
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      await page.getByTestId('quality-dashboard').locator('[data-chart="reliability"] canvas').waitFor();
      await page.getByTestId('quality-dashboard').evaluate((dashboard) => dashboard.scrollTo(0, 0));
      while ((await page.getByTestId('notification-dismiss').count()) > 0) await page.getByTestId('notification-dismiss').first().click();
      // the charts are drawn again in the theme's colours: the canvas's pixels change with it
      const pixels = () => page.locator('[data-chart="reliability"] canvas').evaluate((canvas: HTMLCanvasElement) => canvas.toDataURL());
      if (theme === 'light') await expect.poll(pixels).not.toBe(shots.dark);
      shots[theme] = await pixels();
      await screenshot(page, `quality-dashboard-${theme}`);
      // no serious accessibility problem in either theme (contrast of the figures, warnings and notes included)
      expect(await seriousViolations(page), theme).toEqual([]);
    }
    await page.keyboard.press('Control+Shift+M');
    await page.setViewportSize({ width: 1400, height: 900 });
  });
});
