// What the workbench says about a project agrees everywhere: the status bar counts the transcriptions the upload
// list shows as queued or running; a review threshold changed by one person reaches the transcript another person has
// open; and those who cannot change the threshold see it, but cannot move it.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { isFlagged } from '@verbatim/core';
import { renderWav } from './harness/seed.ts';
import { openTranscript } from './harness/workbench.ts';
import { useWorkbench } from './harness/useWorkbench.ts';

const w = useWorkbench();

const open = (email: string, password: string): Promise<Page> => w.open({ email, password });


describe('project status in the workbench', () => {
  it('the status bar counts every upload the list shows as queued or transcribing', async () => {
    const page = await open(w.seeded.editor.email, w.seeded.editor.password);
    await page.locator(`[data-testid="project-item"][data-project-id="${w.seeded.projectId}"]`).click();
    // every state the page shows, checked as it changes
    await page.evaluate(() => {
      const seen: Array<{ rows: string[]; jobs: string }> = [];
      (window as unknown as { seen: typeof seen }).seen = seen;
      const check = () => {
        const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="upload-row"]')].map((r) => r.dataset.state ?? '');
        const jobs = document.querySelector('[data-testid="status-jobs"]')?.textContent ?? '';
        const last = seen[seen.length - 1];
        if (!last || last.jobs !== jobs || last.rows.join() !== rows.join()) seen.push({ rows, jobs });
      };
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const files = ['a first visit to the clinic in the spring.', 'the second visit was about the night shifts.'].map((text, i) => renderWav(w.seeded.dir, `visit-${i}`, text));
    await page.getByTestId('upload-input').setInputFiles(files);
    await expect.poll(() => page.locator('[data-testid="upload-row"][data-state="succeeded"]').count(), { timeout: 90_000 }).toBe(2);
    await expect.poll(() => page.getByTestId('status-jobs').innerText()).toMatch(/No jobs/);
    const seen = await page.evaluate(() => (window as unknown as { seen: Array<{ rows: string[]; jobs: string }> }).seen);
    expect(seen.some((s) => s.rows.some((r) => r === 'queued' || r === 'running'))).toBe(true);
    const contradictions = seen.filter((s) => s.rows.some((r) => r === 'queued' || r === 'running') && /No jobs/.test(s.jobs));
    expect(contradictions).toEqual([]);
  });

  it('a threshold one person sets reaches the transcript another has open, and a viewer cannot move it', async () => {
    const [owner, viewer] = await Promise.all([open(w.server.admin.email, w.server.admin.password), open(w.seeded.viewer.email, w.seeded.viewer.password)]);
    await Promise.all([owner, viewer].map((p) => openTranscript(p, w.seeded.projectId, w.seeded.mediaId, w.seeded.transcriptId)));
    const slider = (p: Page) => p.locator('[data-transcript-id] [data-testid="threshold-slider"]:visible');
    const flagged = (p: Page) => p.locator('.vb-flag-count:visible').innerText();
    await expect.poll(() => slider(viewer).inputValue()).toBe('0.95');
    // what each threshold must show, from the transcript's words (reading the count before the document has loaded
    // would see "0 flagged" whatever the threshold)
    const { words } = await w.seeded.admin.call<{ words: Array<{ confidence: number; reviewed?: unknown }> }>('GET', `/api/transcripts/${w.seeded.transcriptId}/export?format=json`);
    const count = (threshold: number) => `${words.filter((x) => isFlagged(x.confidence, x.reviewed !== undefined, threshold)).length} flagged`;
    // a threshold that flags a different number of words than 0.95 does, so the change can be seen
    const moved = [0.5, 0.3, 0.7, 0.99, 0.1, 1].find((t) => count(t) !== count(0.95));
    expect(moved, `confidences ${words.map((x) => x.confidence.toFixed(3)).join(' ')}`).toBeDefined();
    await expect.poll(() => flagged(viewer)).toBe(count(0.95));

    // the viewer sees the threshold but cannot move it
    expect(await slider(viewer).isDisabled()).toBe(true);
    expect(await slider(owner).isDisabled()).toBe(false);

    await slider(owner).fill(String(moved));
    await expect.poll(async () => (await w.seeded.admin.call<{ reviewThreshold: number }>('GET', `/api/projects/${w.seeded.projectId}`)).reviewThreshold).toBe(moved);
    await expect.poll(() => slider(viewer).inputValue(), { timeout: 20_000 }).toBe(String(moved));
    await expect.poll(() => flagged(viewer)).toBe(count(moved!));
  });
});
