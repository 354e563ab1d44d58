// The Models view in real Chromium against the real server. An administrator sees the bundled model as the
// deployment default and a second one (the int8 sherpa-onnx package, seeded into the server's model store before it
// starts) marked uncalibrated; sets it as the candidate, promotes it with a reason, reads the alias history, rolls back
// and reads it again; removing the model the default uses is refused with the server's reason; an install from a URL
// is checked before it is sent, a failing download says why, a package published over https (a self-signed
// certificate the server trusts) installs with its sha256 and a hanging download is cancelled. Someone who is not an
// administrator sees the models and the transcript's model and no administrator action, and re-transcribes with the
// int8 model: the editor names it, its confidence reads as a score, and the revisions restore the text before. The
// owner compares on reviewed work (the table shows the server's figures), a promotion gated on it is refused exactly
// when the candidate is worse, and a re-run by model version hands the transcript back. Both themes pass axe; a phone's
// width does not scroll sideways. Screenshots: models-view.png, models-history.png, models-compare.png, models-transcript.png.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelStore } from '@verbatim/asr/node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './harness/axeScan.ts';
import { screenshot } from './harness/launchBrowser.ts';
import { type ModelPackageServer, setBundleVersion, startModelPackageServer } from './harness/modelPackageServer.ts';
import { sidewaysOverflow } from './harness/noSidewaysScroll.ts';
import { runFromPalette } from './harness/runFromPalette.ts';
import { renderWav, transcribe, upload } from './harness/seed.ts';
import { REPO } from './harness/startServer.ts';
import { useWorkbench } from './harness/useWorkbench.ts';
import { openTranscript } from './harness/workbench.ts';

const store = mkdtempSync(join(tmpdir(), 'verbatim-e2e-models-'));
const bundled = JSON.parse(readFileSync(join(REPO, 'models', 'verbatim-en-char-v1', 'model.json'), 'utf8')) as { id: string; version: string };
const BUNDLED = `${bundled.id}@${bundled.version}`;
const INT8 = 'verbatim-en-char-int8@1.0.0';

let packages: ModelPackageServer;

// before the server starts (hooks run in the order they are registered): the second model in its store, and an https
// server of model packages whose certificate the server trusts
beforeAll(async () => {
  packages = await startModelPackageServer();
  process.env['NODE_EXTRA_CA_CERTS'] = packages.caFile;
  const installed = await new ModelStore(store).install(join(REPO, 'models', 'verbatim-en-char-v1-int8'), { id: 'verbatim-en-char-int8', version: '1.0.0', installedBy: 'cli:test' });
  expect(installed.ref).toBe(INT8);
});
const w = useWorkbench({ serverFlags: ['--model-store', store] });
afterAll(async () => {
  await packages?.close();
  rmSync(store, { recursive: true, force: true });
});

let admin: Page;
let editorPage: Page;

const item = (page: Page, ref: string) => page.locator(`[data-testid="model-item"][data-model-ref="${ref}"]`);
const alias = (page: Page, name: string) => page.locator(`[data-testid="model-aliases"] [data-testid="model-alias"][data-alias="${name}"]`);
const aliasRef = (page: Page, name: string) => alias(page, name).getAttribute('data-model-ref');
const historyRows = (page: Page) => page.getByTestId('model-history-row');

/** Fills the open reason form with `reason` and confirms it with Enter. */
async function giveReason(page: Page, form: string, reason: string): Promise<void> {
  const reasonField = page.getByTestId(form).getByTestId('model-reason');
  await reasonField.fill(reason);
  await reasonField.press('Enter');
  await expect.poll(() => page.getByTestId(form).count()).toBe(0);
}

describe('the Models view', () => {
  beforeAll(async () => {
    admin = await w.open(w.server.admin);
  });

  it('shows the administrator the bundled model as the default, and the installed int8 model as uncalibrated', async () => {
    await runFromPalette(admin, 'models: show models', 'view.models');
    await admin.getByTestId('models-view').waitFor();
    await expect.poll(() => aliasRef(admin, 'default')).toBe(BUNDLED);
    await expect.poll(() => aliasRef(admin, 'candidate')).toBe('');
    await item(admin, BUNDLED).waitFor();
    await item(admin, INT8).waitFor();
    expect(await item(admin, BUNDLED).locator('[data-testid="model-alias-chip"][data-alias="default"]').count()).toBe(1);
    expect(await item(admin, INT8).getByTestId('model-uncalibrated').count()).toBe(1);
    expect(await item(admin, BUNDLED).getByTestId('model-uncalibrated').count()).toBe(0);
    expect(await item(admin, INT8).innerText()).toMatch(/sherpa-nemo-ctc/);
    await admin.getByTestId('model-install-open').click();
    await admin.getByTestId('model-install-form').waitFor();
    await screenshot(admin, 'models-view');
  });

  it('says what is wrong with an install before and after it is sent: a short hash, then a download that fails', async () => {
    const form = admin.getByTestId('model-install-form');
    await form.getByTestId('model-install-url').fill('https://127.0.0.1:1/model.tar.bz2');
    await form.getByTestId('model-install-sha256').fill('abc');
    await form.getByTestId('model-install-submit').click();
    await expect.poll(() => form.getByTestId('model-install-error').innerText()).toMatch(/64 hexadecimal digits/);
    expect(await form.getByTestId('model-install-progress').count()).toBe(0);
    await form.getByTestId('model-install-sha256').fill('ab'.repeat(32));
    await form.getByTestId('model-install-submit').click();
    await expect.poll(() => form.getByTestId('model-install-progress').getAttribute('data-state'), { timeout: 60_000 }).toBe('failed');
    expect(await form.getByTestId('model-install-error').innerText()).not.toBe('');
    // nothing was added to the store
    expect(await admin.getByTestId('model-item').count()).toBe(2);
  });

  it('refuses to remove the model the default alias uses, saying why', async () => {
    await item(admin, BUNDLED).getByTestId('model-remove').click();
    await item(admin, BUNDLED).getByTestId('model-remove-confirm').click();
    await expect.poll(() => item(admin, BUNDLED).getByTestId('model-error').innerText()).toMatch(/default|in use|uses/i);
    await item(admin, BUNDLED).waitFor();
  });

  it('sets the int8 model as candidate, promotes it with a reason, and the history says who, what and why', async () => {
    await item(admin, INT8).getByTestId('model-set-candidate').click();
    await giveReason(admin, 'model-candidate-form', 'try the int8 weights');
    await expect.poll(() => aliasRef(admin, 'candidate')).toBe(INT8);

    await admin.getByTestId('model-promote').click();
    await giveReason(admin, 'model-promote-form', 'int8 is faster and as accurate');
    await expect.poll(() => aliasRef(admin, 'default')).toBe(INT8);
    await expect.poll(() => item(admin, INT8).locator('[data-testid="model-alias-chip"][data-alias="default"]').count()).toBe(1);

    await admin.getByTestId('models-open-history').click();
    await admin.getByTestId('model-history').waitFor();
    // promoting also clears the candidate: two events with the one reason
    const promoted = historyRows(admin).and(admin.locator('[data-action="promote"]')).filter({ hasText: 'int8 is faster and as accurate' });
    await promoted.waitFor();
    expect(await promoted.getAttribute('data-action')).toBe('promote');
    expect(await promoted.getAttribute('data-to')).toBe(INT8);
    expect(await promoted.innerText()).toContain(`${BUNDLED} → ${INT8}`);
    const candidate = historyRows(admin).and(admin.locator('[data-action="set"]')).filter({ hasText: 'try the int8 weights' });
    expect(await candidate.getAttribute('data-alias')).toBe('candidate');
    await screenshot(admin, 'models-history');
  });

  it('rolls the default back in one action, and the history shows the rollback first', async () => {
    await admin.getByTestId('model-rollback-default').click();
    await giveReason(admin, 'model-rollback-form', 'a reviewer found dropped words');
    await expect.poll(() => aliasRef(admin, 'default')).toBe(BUNDLED);
    await expect.poll(() => historyRows(admin).first().getAttribute('data-action')).toBe('rollback');
    const first = historyRows(admin).first();
    expect(await first.innerText()).toContain(`${INT8} → ${BUNDLED}`);
    expect(await first.getByTestId('model-history-reason').innerText()).toBe('a reviewer found dropped words');
    const { events } = await w.seeded.admin.call<{ events: { action: string; alias: string; reason: string }[] }>('GET', '/api/model-aliases/history');
    expect(events[0]).toMatchObject({ action: 'rollback', alias: 'default', reason: 'a reviewer found dropped words' });
    expect(events.findIndex((e) => e.action === 'promote')).toBeGreaterThan(0);
  });

  it('shows someone who is not an administrator the models and the transcript’s model, with no administrator action', async () => {
    const { editor, projectId, mediaId, transcriptId } = w.seeded;
    const page = (editorPage = await w.open(editor));
    await openTranscript(page, projectId, mediaId, transcriptId);
    await expect.poll(() => page.getByTestId('transcript-model').getAttribute('data-model-ref')).toBe(BUNDLED);
    await runFromPalette(page, 'models: show models', 'view.models');
    await item(page, INT8).waitFor();
    await expect.poll(() => aliasRef(page, 'default')).toBe(BUNDLED);
    for (const action of ['model-set-candidate', 'model-remove', 'model-promote', 'model-rollback-default', 'model-install-form', 'model-install-open', 'model-project-set']) {
      expect(await page.getByTestId(action).count(), action).toBe(0);
    }
    // the re-transcribe command is there for an editor, and asks for the model and the language model
    await runFromPalette(page, 're-transcribe with', 'transcript.retranscribe');
    await page.getByTestId('retranscribe-dialog').waitFor();
    expect(await page.getByTestId('retranscribe-model').locator('option').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining(`${INT8} (uncalibrated)`)]));
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('retranscribe-dialog').count()).toBe(0);
  });

  it('re-transcribes with the int8 model from the palette: the editor names it, its confidence reads as a score, and the revisions restore the text before', async () => {
    const page = editorPage;
    const words = page.locator('[data-testid="transcript-editor"]:visible span[data-word]');
    expect(await words.first().getAttribute('title')).toMatch(/Confidence \d+%/);
    await runFromPalette(page, 're-transcribe with', 'transcript.retranscribe');
    await page.getByTestId('retranscribe-dialog').waitFor();
    await page.getByTestId('retranscribe-model').selectOption(INT8);
    await page.locator('[data-testid="retranscribe-lm"][value="off"]').check();
    await page.getByTestId('dialog-confirm').click();
    await expect.poll(() => page.getByTestId('retranscribe-dialog').count()).toBe(0);
    await expect.poll(() => page.getByTestId('transcript-model').getAttribute('data-model-ref'), { timeout: 90_000 }).toBe(INT8);
    expect(await page.getByTestId('transcript-model').getAttribute('data-calibrated')).toBe('false');
    expect(await page.getByTestId('transcript-model').innerText()).toMatch(/uncalibrated/);
    // the words the int8 model made hover as a score, never as a percentage; so do the Problems panel's
    await expect.poll(() => words.first().getAttribute('title')).toMatch(/Score \d\.\d\d \(uncalibrated/);
    for (const conf of await page.locator('.vb-problem-conf').allInnerTexts()) expect(conf).toMatch(/^score \d\.\d\d$/);
    // so does the project's threshold over them
    expect(await page.locator('[data-transcript-id] .vb-threshold output:visible').innerText()).toMatch(/^\d\.\d\d$/);
    await screenshot(page, 'models-transcript');
    // and the project's Review list
    await runFromPalette(page, 'show review', 'view.review');
    const reviewItem = page.locator(`[data-testid="review-item"][data-transcript-id="${w.seeded.transcriptId}"] .vb-review-meta`).first();
    await expect.poll(() => reviewItem.innerText()).toMatch(/^score \d\.\d\d · /);
    const record = await w.seeded.admin.call<{ model: { id: string; version: string } }>('GET', `/api/transcripts/${w.seeded.transcriptId}?turns=0`);
    expect(`${record.model.id}@${record.model.version}`).toBe(INT8);

    await runFromPalette(page, 'transcript: revisions', 'transcript.revisions');
    await page.getByTestId('revisions-dialog').waitFor();
    const before = page.locator('[data-testid="revision-item"][data-kind="before-rerun"]');
    await before.waitFor();
    expect(await page.locator('[data-testid="revision-item"][data-kind="machine"]').count()).toBeGreaterThanOrEqual(1);
    // the text before the re-run is readable
    await before.getByTestId('revision-read').click();
    await expect.poll(() => before.getByTestId('revision-text').innerText()).toMatch(/^Speaker 1: \S+( \S+){3,}/);
    await before.getByTestId('revision-restore').click();
    await before.getByTestId('revision-restore-confirm').click();
    await page.locator('[data-testid="revision-item"][data-kind="before-restore"]').waitFor();
    expect((await seriousViolations(page)).map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('revisions-dialog').count()).toBe(0);
  });

  it('compares a model on the reviewed work side by side, gates a promotion on it, and re-runs the transcripts one version made', async () => {
    const { admin: api, transcriptId, projectId } = w.seeded;
    // reviewed work: one accepted word
    const { words } = await api.call<{ words: { text: string; start: number; end: number; confidence?: number }[] }>('GET', `/api/transcripts/${transcriptId}/export?format=json`);
    const word = words[0]!;
    await api.call('POST', `/api/transcripts/${transcriptId}/reviews`, { action: 'accept', start: word.start, end: word.end, before: word.text, after: word.text, confidence: word.confidence ?? 0.5 });

    await runFromPalette(admin, 'compare on reviewed work', 'models.compare');
    const page = admin.getByTestId('project-models');
    await page.waitFor();
    await page.getByTestId('model-compare-model').selectOption(INT8);
    await page.getByTestId('model-compare-submit').click();
    const comparison = page.getByTestId('model-comparison').first();
    await expect.poll(() => comparison.getAttribute('data-state'), { timeout: 120_000 }).toBe('succeeded');
    const table = comparison.getByTestId('model-comparison-table');
    expect(await table.locator('thead th').allInnerTexts()).toEqual([expect.stringMatching(/^Current transcripts/), expect.stringContaining(`Candidate\n${INT8}`)]);
    const stored = (await api.call<{ comparisons: { id: string; rows: { role: string; wer: number | null }[] }[] }>('GET', `/api/projects/${projectId}/model-comparisons`)).comparisons[0]!;
    const wer = (role: string) => stored.rows.find((r) => r.role === role)!.wer;
    for (const role of ['current', 'candidate']) {
      const shown = await table.locator(`td[data-role="${role}"][data-metric="WER"]`).innerText();
      expect(shown).toBe(wer(role) === null ? '–' : `${(wer(role)! * 100).toFixed(1)}%`);
    }
    await screenshot(admin, 'models-compare');
    expect((await seriousViolations(admin)).map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);

    // promotion gated on that comparison (no margin): refused, with the server's figures, exactly when the candidate is worse
    await item(admin, INT8).getByTestId('model-set-candidate').click();
    await giveReason(admin, 'model-candidate-form', 'compare it');
    await admin.getByTestId('model-promote').click();
    const form = admin.getByTestId('model-promote-form');
    await form.getByTestId('model-promote-comparison').selectOption(stored.id);
    await form.getByTestId('model-promote-margin').fill('0');
    await form.getByTestId('model-reason').fill('gated on the reviewed work');
    await form.getByTestId('model-form-confirm').click();
    if ((wer('candidate') ?? 0) > (wer('current') ?? 0)) {
      await expect.poll(() => form.getByTestId('model-form-error').innerText()).toMatch(/Refused/);
      expect(await aliasRef(admin, 'default')).toBe(BUNDLED);
      await form.getByRole('button', { name: 'Cancel' }).click();
    } else {
      await expect.poll(() => aliasRef(admin, 'default')).toBe(INT8);
      await admin.getByTestId('model-rollback-default').click();
      await giveReason(admin, 'model-rollback-form', 'back after the gate test');
      await expect.poll(() => aliasRef(admin, 'default')).toBe(BUNDLED);
    }

    // re-run what the transcript's present model made, with the bundled model
    const made = await api.call<{ model: { id: string; version: string } }>('GET', `/api/transcripts/${transcriptId}?turns=0`);
    await page.getByTestId('model-rerun-from').selectOption(`${made.model.id}@${made.model.version}`);
    await page.getByTestId('model-rerun-model').selectOption(BUNDLED);
    await page.getByTestId('model-rerun-submit').click();
    const rerun = page.getByTestId('model-rerun').first();
    await expect.poll(() => rerun.getByTestId('model-rerun-progress').innerText(), { timeout: 120_000 }).toBe('done');
    const after = await api.call<{ model: { id: string; version: string } }>('GET', `/api/transcripts/${transcriptId}?turns=0`);
    expect(`${after.model.id}@${after.model.version}`).toBe(BUNDLED);

    // a batch of more than a few transcripts is followed by reading the project's job list, not one stream each
    for (const [i, text] of ['good morning everyone', 'the meeting starts at noon', 'please call me back', 'we need more time'].entries()) {
      await transcribe(api, projectId, await upload(api, projectId, renderWav(w.seeded.dir, `extra-${i}`, text)));
    }
    await page.getByTestId('model-rerun-from').selectOption(BUNDLED);
    await page.getByTestId('model-rerun-model').selectOption('');
    await page.getByTestId('model-rerun-submit').click();
    const batch = page.getByTestId('model-rerun').first();
    await expect.poll(async () => (await batch.innerText()).match(/(\d+) transcripts/)?.[1]).toBe('5');
    await expect.poll(() => batch.getByTestId('model-rerun-progress').innerText(), { timeout: 120_000 }).toBe('done');
    const { jobs } = await api.call<{ jobs: { kind: string; state: string }[] }>('GET', `/api/projects/${projectId}/jobs?limit=5`);
    expect(jobs.map((j) => [j.kind, j.state])).toEqual(Array(5).fill(['retranscribe', 'succeeded']));
  });

  it("lets the project's owner override its default, shows the project's history, and rolls the override back", async () => {
    const projectAlias = (name: string) => admin.locator(`[data-testid="model-project-alias"][data-alias="${name}"]`);
    await runFromPalette(admin, 'models: show models', 'view.models');
    await expect.poll(() => projectAlias('default').getAttribute('data-own')).toBe('false');
    await admin.getByTestId('model-project-set').click();
    const form = admin.getByTestId('model-project-set-form');
    await form.getByTestId('model-project-set-model').selectOption(INT8);
    await giveReason(admin, 'model-project-set-form', 'this project records phone calls');
    await expect.poll(() => projectAlias('default').getAttribute('data-model-ref')).toBe(INT8);
    expect(await projectAlias('default').getAttribute('data-own')).toBe('true');
    // the deployment's default stays
    expect(await aliasRef(admin, 'default')).toBe(BUNDLED);
    const { aliases } = await w.seeded.admin.call<{ aliases: { alias: string; projectId: string | null; model: { id: string } | null }[] }>(
      'GET',
      `/api/projects/${w.seeded.projectId}/model-aliases`,
    );
    expect(aliases.find((a) => a.alias === 'default')).toMatchObject({ projectId: w.seeded.projectId, model: { id: 'verbatim-en-char-int8' } });

    // the Transcribe dialog names the project's default now, and as it has no word language model offers none
    await runFromPalette(admin, 'show explorer', 'view.explorer');
    const project = admin.locator(`li[role="treeitem"][data-project-id="${w.seeded.projectId}"]`);
    if ((await project.getAttribute('aria-expanded')) !== 'true') await admin.locator(`[data-testid="project-item"][data-project-id="${w.seeded.projectId}"]`).click();
    const mediaRow = `[data-testid="media-item"][data-media-id="${w.seeded.mediaId}"]`;
    await admin.locator(mediaRow).hover();
    await admin.locator(`${mediaRow} [data-testid="media-transcribe"]`).click();
    const dialog = admin.getByTestId('transcribe-dialog');
    await expect.poll(() => dialog.locator('[data-testid="transcribe-model"] option[value=""]').innerText()).toBe(`The project's default (${INT8})`);
    expect(await dialog.locator('[data-testid="transcribe-lm"][value="adapted"]').isDisabled()).toBe(true);
    await dialog.getByTestId('dialog-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    await runFromPalette(admin, 'models: show models', 'view.models');

    await admin.getByTestId('model-project-history').click();
    const history = admin.locator('[data-testid="model-history"]:visible');
    await history.getByRole('heading', { name: /of Interviews/ }).waitFor();
    const set = history.getByTestId('model-history-row').first();
    await expect.poll(() => set.getAttribute('data-to')).toBe(INT8);
    expect(await set.getByTestId('model-history-reason').innerText()).toBe('this project records phone calls');

    await admin.getByTestId('model-project-rollback').click();
    await giveReason(admin, 'model-project-rollback-form', 'calls are fine with the default');
    await expect.poll(() => projectAlias('default').getAttribute('data-model-ref')).toBe(BUNDLED);
    await expect.poll(() => history.getByTestId('model-history-row').first().getAttribute('data-action')).toBe('rollback');
  });

  it("transcribes a recording with a model chosen in the Explorer's Transcribe dialog", async () => {
    await runFromPalette(admin, 'show explorer', 'view.explorer');
    const project = admin.locator(`li[role="treeitem"][data-project-id="${w.seeded.projectId}"]`);
    if ((await project.getAttribute('aria-expanded')) !== 'true') await admin.locator(`[data-testid="project-item"][data-project-id="${w.seeded.projectId}"]`).click();
    const mediaRow = `[data-testid="media-item"][data-media-id="${w.seeded.mediaId}"]`;
    await admin.locator(mediaRow).hover();
    await admin.locator(`${mediaRow} [data-testid="media-transcribe"]`).click();
    const dialog = admin.getByTestId('transcribe-dialog');
    await dialog.getByTestId('transcribe-model').selectOption(INT8);
    // it has no word language model: only "off" can be chosen, and is
    expect(await dialog.locator('[data-testid="transcribe-lm"][value="adapted"]').isDisabled()).toBe(true);
    expect(await dialog.locator('[data-testid="transcribe-lm"][value="off"]').isChecked()).toBe(true);
    await dialog.getByTestId('dialog-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    type Job = { kind: string; state: string; payload: { model?: string; lm?: string }; result: { transcriptId: string } | null };
    const latest = async () => (await w.seeded.admin.call<{ jobs: Job[] }>('GET', `/api/projects/${w.seeded.projectId}/jobs`)).jobs.find((j) => j.kind === 'transcribe')!;
    await expect.poll(async () => ['succeeded', 'failed', 'cancelled'].includes((await latest()).state), { timeout: 90_000 }).toBe(true);
    const job = await latest();
    expect(job, JSON.stringify(job)).toMatchObject({ state: 'succeeded' });
    expect(job.payload).toMatchObject({ model: INT8, lm: 'off' });
    // the transcript it made says which model made it
    const made = await w.seeded.admin.call<{ model: { id: string; version: string } }>('GET', `/api/transcripts/${job.result!.transcriptId}?turns=0`);
    expect(`${made.model.id}@${made.model.version}`).toBe(INT8);
  });

  it('installs a package from an https URL with its sha256, following the download, and cancels one that hangs', async () => {
    const published = packages.publish(join(REPO, 'models', 'verbatim-en-char-v1'), 'verbatim-en-char-url', (copy) => setBundleVersion(copy, '1.0.1-url'));
    await runFromPalette(admin, 'models: show models', 'view.models');
    await item(admin, INT8).waitFor();
    const form = admin.getByTestId('model-install-form');
    const section = admin.locator('details:has([data-testid="model-install-form"])');
    if (!(await section.evaluate((details) => (details as HTMLDetailsElement).open))) await admin.getByTestId('model-install-open').click();
    await form.getByTestId('model-install-url').fill(published.url);
    await form.getByTestId('model-install-sha256').fill(published.sha256);
    await form.getByTestId('model-install-submit').click();
    await expect.poll(() => form.getByTestId('model-install-progress').getAttribute('data-state'), { timeout: 120_000 }).toBe('installed');
    const installed = item(admin, `${bundled.id}@1.0.1-url`);
    await installed.waitFor();
    expect(await installed.innerText()).toContain(published.url);
    expect(await installed.getByTestId('model-uncalibrated').count()).toBe(0);

    await form.getByTestId('model-install-url').fill(packages.slowUrl);
    await form.getByTestId('model-install-sha256').fill('cd'.repeat(32));
    await form.getByTestId('model-install-submit').click();
    await expect.poll(() => form.getByTestId('model-install-progress').getAttribute('data-state'), { timeout: 30_000 }).toBe('downloading');
    await form.locator('[role="progressbar"]').waitFor();
    await form.getByTestId('model-install-cancel').click();
    await expect.poll(() => form.getByTestId('model-install-progress').getAttribute('data-state'), { timeout: 30_000 }).toBe('cancelled');
    const refs = (await w.seeded.admin.call<{ models: { ref: string }[] }>('GET', '/api/models')).models.map((m) => m.ref);
    expect(refs.sort()).toEqual([BUNDLED, `${bundled.id}@1.0.1-url`, INT8].sort());
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious or critical accessibility violation, ${scheme} theme`, async () => {
      // a short window, so the history page certainly scrolls (a scrolling region must take the keyboard's focus)
      const page = await w.open(w.server.admin, { colorScheme: scheme, viewport: { width: 1280, height: 420 } });
      await runFromPalette(page, 'models: show models', 'view.models');
      await item(page, INT8).waitFor();
      await page.getByTestId('model-install-open').click();
      await page.getByTestId('model-rollback-default').click();
      await page.getByTestId('model-rollback-form').waitFor();
      await page.getByTestId('models-open-history').click();
      await historyRows(page).first().waitFor();
      const violations = await seriousViolations(page);
      expect(violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
    });
  }

  it('fits a phone’s width', async () => {
    const page = await w.open(w.server.admin, { viewport: { width: 390, height: 844 } });
    await runFromPalette(page, 'models: show models', 'view.models');
    await item(page, INT8).waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    // the editor pages too: their tables scroll inside themselves
    await runFromPalette(page, 'compare on reviewed work', 'models.compare');
    await page.locator('[data-testid="project-models"]:visible [data-testid="model-comparison-table"]').waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await runFromPalette(page, 'show alias history', 'models.showHistory');
    await page.locator('[data-testid="model-history"]:visible [data-testid="model-history-row"]').first().waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'models-history-phone');
  });
});
