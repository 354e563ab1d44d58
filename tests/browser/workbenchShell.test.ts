// The shell around the editors: a favicon, error messages that go away by themselves (and at once when dismissed),
// and tabs of the same file name that can be told apart.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ApiSession } from './harness/ApiSession.ts';
import { screenshot } from './harness/launchBrowser.ts';
import { openTranscriptItem } from './harness/openTranscriptItem.ts';
import { runFromPalette } from './harness/runFromPalette.ts';
import { transcribe, upload } from './harness/seed.ts';
import { openTranscript } from './harness/workbench.ts';
import { useWorkbench } from './harness/useWorkbench.ts';

const w = useWorkbench();

const open = (email: string, password: string): Promise<Page> => w.open({ email, password });


describe('the workbench shell', () => {
  it('has a favicon', async () => {
    const page = await open(w.seeded.editor.email, w.seeded.editor.password);
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toBeTruthy();
    const icon = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('content-type'), size: (await res.arrayBuffer()).byteLength };
    }, href!);
    expect(icon).toMatchObject({ status: 200, type: expect.stringMatching(/^image\//) });
    expect(icon.size).toBeGreaterThan(0);
  });

  it('an error message goes away by itself after a while, and at once when dismissed', async () => {
    const page = await open(w.seeded.viewer.email, w.seeded.viewer.password);
    await openTranscript(page, w.seeded.projectId, w.seeded.mediaId, w.seeded.transcriptId);
    const errors = page.locator('[data-testid="notification"][data-kind="error"]');
    // a viewer cannot accept words: the palette's Accept Word says so
    await runFromPalette(page, 'accept word', 'review.accept');
    await errors.first().waitFor();
    expect(await errors.first().innerText()).toMatch(/Only reviewers, editors and owners/);
    await errors.first().waitFor({ state: 'detached', timeout: 20_000 });

    await runFromPalette(page, 'accept word', 'review.accept');
    await errors.first().waitFor();
    await errors.first().getByTestId('notification-dismiss').click();
    expect(await errors.count()).toBe(0);
  });

  it('tells apart two tabs of the same file name from different projects', async () => {
    // the same recording, uploaded to a second project the editor is also in
    const admin = await ApiSession.login(w.server.url, w.server.admin.email, w.server.admin.password);
    const other = await admin.call<{ id: string }>('POST', '/api/projects', { name: 'Ward round' });
    await admin.call('PUT', `/api/projects/${other.id}/members/${w.seeded.editor.id}`, { role: 'editor' });
    const mediaId = await upload(admin, other.id, w.seeded.wav);
    const transcriptId = await transcribe(admin, other.id, mediaId);

    const page = await open(w.seeded.editor.email, w.seeded.editor.password);
    await openTranscript(page, w.seeded.projectId, w.seeded.mediaId, w.seeded.transcriptId);
    await openTranscriptItem(page, { projectId: other.id, mediaId, transcriptId });
    await page.locator('[data-testid="transcript-editor"]:visible span[data-word]').first().waitFor();
    const tabs = page.getByTestId('editor-tab');
    await expect.poll(() => tabs.count()).toBe(2);
    const labels = await tabs.evaluateAll((nodes) => nodes.map((n) => n.textContent?.replace('×', '').trim()));
    expect(new Set(labels).size).toBe(2);
    expect(labels.every((l) => l?.startsWith('interview.wav'))).toBe(true);
    expect(await tabs.nth(0).getAttribute('title')).toBe('interview.wav — Interviews');
    expect(await tabs.nth(1).getAttribute('title')).toBe('interview.wav — Ward round');
    await screenshot(page, 'same-name-tabs');
  });
});
