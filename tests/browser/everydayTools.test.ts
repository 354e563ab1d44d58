// The everyday tools of issue #12 in real Chromium against the real server: the editor's Export menu, transcribing a
// recording again (a new transcript beside the first, whose edits stay), deleting a transcript, a recording and a
// project after a dialog that says what goes (their tabs close, the server answers 404 after), and the
// administrators' Accounts editor (create with a one-time password shown once, reset, deactivate, reactivate).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ApiSession } from './harness/ApiSession.ts';
import { screenshot } from './harness/launchBrowser.ts';
import { openTranscriptItem } from './harness/openTranscriptItem.ts';
import { transcribe, upload, type Job } from './harness/seed.ts';
import { openTranscript, waitForWords } from './harness/workbench.ts';
import { useWorkbench } from './harness/useWorkbench.ts';

const w = useWorkbench();

const open = (email: string, password: string): Promise<Page> => w.open({ email, password }, { viewport: { width: 1280, height: 800 } });

/** Clicks one of a tree row's actions, which show while the pointer rests on the row (as in VS Code). */
async function rowAction(page: Page, row: string, action: string): Promise<void> {
  await page.locator(row).hover();
  await page.locator(`${row} [data-testid="${action}"]`).click();
}

/** The status of a GET as the administrator (the server's word on whether something still exists). */
async function statusOf(path: string): Promise<number> {
  const res = await fetch(`${w.server.url}${path}`, { headers: { cookie: w.seeded.admin.cookie } });
  await res.body?.cancel();
  return res.status;
}


describe('everyday tools in the workbench', () => {
  it('exports the open transcript from the editor\'s Export menu in every format', async () => {
    const page = await open(w.seeded.viewer.email, w.seeded.viewer.password);
    await openTranscript(page, w.seeded.projectId, w.seeded.mediaId, w.seeded.transcriptId);
    const names: string[] = [];
    for (const format of ['txt', 'srt', 'vtt', 'json', 'docx']) {
      await page.getByTestId('export-button').click();
      const items = page.getByTestId('export-menu-item');
      expect(await items.count()).toBe(5);
      if (format === 'srt') await screenshot(page, 'export-menu');
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid="export-menu-item"][data-format="${format}"]`).click()]);
      names.push(download.suggestedFilename());
      const body = readFileSync((await download.path())!);
      if (format === 'srt') expect(body.toString('utf8')).toMatch(/00:00:0\d,\d{3} --> /);
      if (format === 'json') expect(JSON.parse(body.toString('utf8')).words.length).toBeGreaterThan(5);
      if (format === 'docx') expect(body.subarray(0, 2).toString('latin1')).toBe('PK');
    }
    expect(names).toEqual(['interview.txt', 'interview.srt', 'interview.vtt', 'interview.json', 'interview.docx']);
  });

  it('transcribes a recording again with a chosen language model: a new transcript beside the first, whose edits stay', async () => {
    const page = await open(w.seeded.editor.email, w.seeded.editor.password);
    await openTranscript(page, w.seeded.projectId, w.seeded.mediaId, w.seeded.transcriptId);
    const word = page.locator('[data-testid="transcript-editor"]:visible span[data-word]').last();
    const box = (await word.boundingBox())!;
    await page.mouse.click(box.x + box.width - 1, box.y + box.height / 2);
    await page.keyboard.type(' zebra');
    const exported = () => fetch(`${w.server.url}/api/transcripts/${w.seeded.transcriptId}/export?format=txt`, { headers: { cookie: w.seeded.admin.cookie } }).then((r) => r.text());
    await expect.poll(exported, { timeout: 15_000 }).toContain('zebra');

    // the button stays once a transcript exists: it transcribes again
    const mediaRow = `[data-testid="media-item"][data-media-id="${w.seeded.mediaId}"]`;
    expect(await page.locator(`${mediaRow} [data-testid="media-transcribe"]`).getAttribute('aria-label')).toBe('Transcribe interview.wav again');
    await rowAction(page, mediaRow, 'media-transcribe');
    const dialog = page.getByTestId('transcribe-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('transcribe-keeps').innerText()).toMatch(/new transcript is made beside the existing one\. It stays exactly as it is, with every edit and review/);
    await dialog.locator('[data-testid="transcribe-lm"][value="off"]').check();
    await screenshot(page, 'transcribe-again-dialog');
    await dialog.getByTestId('dialog-confirm').click();
    await dialog.waitFor({ state: 'detached' });

    const rows = page.locator(`[data-testid="media-item"][data-media-id="${w.seeded.mediaId}"] + ul [data-testid="transcript-item"]`);
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(2);
    const { jobs } = await w.seeded.admin.call<{ jobs: (Job & { payload: { lm?: string } })[] }>('GET', `/api/projects/${w.seeded.projectId}/jobs`);
    expect(jobs[0]!.payload.lm).toBe('off');
    expect(await exported()).toContain('zebra');
    const { transcripts } = await w.seeded.admin.call<{ transcripts: { id: string; mediaId: string }[] }>('GET', `/api/projects/${w.seeded.projectId}/transcripts`);
    expect(transcripts.filter((t) => t.mediaId === w.seeded.mediaId).map((t) => t.id)).toContain(w.seeded.transcriptId);
  }, 120_000);

  it('shows the delete buttons to owners only', async () => {
    const page = await open(w.seeded.editor.email, w.seeded.editor.password);
    await page.locator(`[data-testid="project-item"][data-project-id="${w.seeded.projectId}"]`).waitFor();
    await page.locator(`[data-testid="media-item"][data-media-id="${w.seeded.mediaId}"]`).waitFor();
    expect(await page.getByTestId('project-delete').count()).toBe(0);
    expect(await page.getByTestId('media-delete').count()).toBe(0);
    expect(await page.getByTestId('transcript-delete').count()).toBe(0);
  });

  it('deletes a transcript, then a recording, then a project, each after a dialog saying what goes; their tabs close', async () => {
    // a project of its own, so the other tests keep theirs
    const project = await w.seeded.admin.call<{ id: string }>('POST', '/api/projects', { name: 'Scratch' });
    const mediaId = await upload(w.seeded.admin, project.id, w.seeded.wav);
    const first = await transcribe(w.seeded.admin, project.id, mediaId);
    const second = await transcribe(w.seeded.admin, project.id, mediaId);
    const page = await open(w.server.admin.email, w.server.admin.password);

    // a transcript: the recording and the other transcript stay
    await openTranscriptItem(page, { projectId: project.id, mediaId, transcriptId: first });
    await waitForWords(page, first);
    const tab = (id: string) => page.locator(`[data-testid="editor-tab"][data-transcript-id="${id}"]`);
    await tab(first).waitFor();
    await rowAction(page, `[data-testid="transcript-item"][data-transcript-id="${first}"]`, 'transcript-delete');
    const dialog = page.getByTestId('delete-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('delete-what').innerText()).toMatch(/every edit and review on it[\s\S]*not the recording, nor its other transcripts/);
    await screenshot(page, 'delete-transcript-dialog');
    await dialog.getByTestId('dialog-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => tab(first).count()).toBe(0);
    expect(await statusOf(`/api/transcripts/${first}`)).toBe(404);
    expect(await statusOf(`/api/transcripts/${second}`)).toBe(200);
    expect(await page.locator(`[data-testid="transcript-item"][data-transcript-id="${first}"]`).count()).toBe(0);

    // a recording: Cancel deletes nothing; confirmed, its transcripts, audio and peaks go
    await openTranscriptItem(page, { projectId: project.id, mediaId, transcriptId: second });
    await tab(second).waitFor();
    const mediaDelete = () => rowAction(page, `[data-testid="media-item"][data-media-id="${mediaId}"]`, 'media-delete');
    await mediaDelete();
    await dialog.waitFor();
    expect(await dialog.getByTestId('delete-what').innerText()).toMatch(/audio file and waveform peaks[\s\S]*1 transcript made from it/);
    await dialog.getByTestId('dialog-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await statusOf(`/api/media/${mediaId}`)).toBe(200);
    await mediaDelete();
    await dialog.getByTestId('dialog-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => tab(second).count()).toBe(0);
    for (const path of [`/api/media/${mediaId}`, `/api/media/${mediaId}/audio`, `/api/media/${mediaId}/peaks`, `/api/transcripts/${second}`]) expect(await statusOf(path), path).toBe(404);

    // a project: everything in it
    const other = await upload(w.seeded.admin, project.id, w.seeded.wav);
    const third = await transcribe(w.seeded.admin, project.id, other);
    await openTranscriptItem(page, { projectId: project.id, mediaId: other, transcriptId: third });
    await tab(third).waitFor();
    await rowAction(page, `[data-testid="project-item"][data-project-id="${project.id}"]`, 'project-delete');
    await dialog.waitFor();
    expect(await dialog.getByTestId('delete-what').innerText()).toMatch(/1 recording, with their audio and waveform files[\s\S]*1 transcript, with every edit and review/);
    await screenshot(page, 'delete-project-dialog');
    await dialog.getByTestId('dialog-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => tab(third).count()).toBe(0);
    await expect.poll(() => page.locator(`[data-testid="project-item"][data-project-id="${project.id}"]`).count()).toBe(0);
    for (const path of [`/api/projects/${project.id}`, `/api/media/${other}`, `/api/transcripts/${third}`]) expect(await statusOf(path), path).toBe(404);
    // the w.seeded project is untouched
    expect(await statusOf(`/api/transcripts/${w.seeded.transcriptId}`)).toBe(200);
  }, 180_000);

  it('lets administrators create accounts, reset passwords, deactivate and reactivate, from the Accounts editor', async () => {
    const editor = await open(w.seeded.editor.email, w.seeded.editor.password);
    await editor.getByTestId('account-menu').click();
    await editor.getByTestId('open-settings').waitFor();
    expect(await editor.getByTestId('open-accounts').count()).toBe(0);

    const page = await open(w.server.admin.email, w.server.admin.password);
    await page.getByTestId('account-menu').click();
    await page.getByTestId('open-accounts').click();
    const view = page.getByTestId('accounts-view');
    await view.waitFor();
    await view.getByTestId('account-email').fill('newcomer@example.org');
    await view.getByTestId('account-name').fill('New Comer');
    await view.getByTestId('account-create').click();
    const shown = page.getByTestId('one-time-password-dialog');
    await shown.waitFor();
    const first = await shown.getByTestId('one-time-password').innerText();
    expect(first).toMatch(/^[A-Za-z0-9_-]{24}$/);
    await screenshot(page, 'accounts-one-time-password');
    await shown.getByTestId('dialog-cancel').click();
    const row = view.locator('[data-testid="account-row"][data-email="newcomer@example.org"]');
    await row.waitFor();
    expect(await row.innerText()).toMatch(/New Comer[\s\S]*active · one-time password/);
    await screenshot(page, 'accounts');

    // a reset gives a new one-time password; the old one stops
    await row.getByTestId('account-reset').click();
    await page.getByTestId('account-reset-dialog').getByTestId('dialog-confirm').click();
    await shown.waitFor();
    const second = await shown.getByTestId('one-time-password').innerText();
    expect(second).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(second).not.toBe(first);
    await shown.getByTestId('dialog-cancel').click();
    await expect(ApiSession.login(w.server.url, 'newcomer@example.org', first)).rejects.toThrow(/401/);
    await ApiSession.login(w.server.url, 'newcomer@example.org', second);

    // deactivated: no sign-in; reactivated: signs in again
    await row.getByTestId('account-deactivate').click();
    await page.getByTestId('account-deactivate-dialog').getByTestId('dialog-confirm').click();
    await expect.poll(() => row.getAttribute('data-disabled')).toBe('true');
    await expect(ApiSession.login(w.server.url, 'newcomer@example.org', second)).rejects.toThrow(/401/);
    await row.getByTestId('account-reactivate').click();
    await expect.poll(() => row.getAttribute('data-disabled')).toBe('false');
    await ApiSession.login(w.server.url, 'newcomer@example.org', second);
    // one's own account has no Deactivate
    const self = view.locator(`[data-testid="account-row"][data-email="${w.server.admin.email}"]`);
    expect(await self.getByTestId('account-deactivate').count()).toBe(0);
  });
});
