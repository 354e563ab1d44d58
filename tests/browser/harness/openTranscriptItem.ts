import type { Locator, Page } from 'playwright-core';

/** Clicks a transcript in the explorer, expanding its project and recording first when needed (no waiting for words). */
export async function openTranscriptItem(page: Page, ids: { projectId: string; mediaId: string; transcriptId: string }): Promise<void> {
  await (await revealTranscriptItem(page, ids)).click();
}

/**
 * Shows a transcript's item in the explorer, expanding its project and recording when needed, and returns it (not
 * clicked: a benchmark times the click alone).
 */
export async function revealTranscriptItem(page: Page, ids: { projectId: string; mediaId: string; transcriptId: string }): Promise<Locator> {
  await page.getByTestId('activity-explorer').click();
  const item = page.locator(`[data-testid="transcript-item"][data-transcript-id="${ids.transcriptId}"]`);
  const project = page.locator(`li[role="treeitem"][data-project-id="${ids.projectId}"]`);
  await project.waitFor();
  if ((await project.getAttribute('aria-expanded')) !== 'true') await page.locator(`[data-testid="project-item"][data-project-id="${ids.projectId}"]`).click();
  const media = page.locator(`[data-testid="media-item"][data-media-id="${ids.mediaId}"]`);
  await media.waitFor();
  await item.waitFor({ timeout: 2_000 }).catch(async () => {
    await media.click();
    await item.waitFor();
  });
  return item;
}
