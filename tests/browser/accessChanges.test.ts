// A transcript tab follows its user's access as it changes, in two browser contexts on the real server: the owner
// demotes an editor in the members view (to reviewer, then viewer) and the editor's open tab turns review-only, then
// read-only, with a notice, its typing changing nothing and the document it shows kept; the owner removes a member
// and that member's tab says so; a deleted transcript's open tab says so at once.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from './harness/axeScan.ts';
import { screenshot } from './harness/launchBrowser.ts';
import { useWorkbench } from './harness/useWorkbench.ts';
import { editorText, openTranscript } from './harness/workbench.ts';

const w = useWorkbench();

const openSeeded = (page: Page) => openTranscript(page, w.seeded.projectId, w.seeded.mediaId, w.seeded.transcriptId);

const projectRow = (page: Page) => page.locator(`[data-testid="project-item"][data-project-id="${w.seeded.projectId}"]`);

/** Opens the project's members view from its row in the explorer (the row's actions show on hover). */
async function openMembers(owner: Page): Promise<void> {
  const row = projectRow(owner);
  await row.hover();
  await row.getByTestId('project-settings').click();
  await owner.getByTestId('members-view').waitFor();
}

const memberRow = (owner: Page, userId: string) => owner.locator(`[data-testid="member-row"][data-user-id="${userId}"]`);

/** The transcript as the server has it now. */
const exported = () => fetch(`${w.server.url}/api/transcripts/${w.seeded.transcriptId}/export?format=txt`, { headers: { cookie: w.seeded.admin.cookie } }).then((r) => r.text());

/** The access notice of the open transcript, or '' while there is none. */
async function noticeText(page: Page): Promise<string> {
  const notice = page.getByTestId('access-notice');
  return (await notice.count()) > 0 ? notice.innerText() : '';
}

const visibleEditor = (page: Page) => page.locator('[data-testid="transcript-editor"]:visible');

/** The words the open transcript shows (not its turns' headers, whose flag counts change as words are reviewed). */
const shownWords = async (page: Page) => (await visibleEditor(page).locator('span[data-word]').allInnerTexts()).map((word) => word.trim());

/** Clicks the n-th word (0-based) at its right edge, where typing would go on from it, and types `text`. */
async function typeAfterWord(page: Page, n: number, text: string): Promise<void> {
  const box = (await visibleEditor(page).locator('span[data-word]').nth(n).boundingBox())!;
  await page.mouse.click(box.x + box.width - 1, box.y + box.height / 2);
  await page.keyboard.type(text);
}

describe('a transcript tab whose access changes while it is open', () => {
  it('follows a demotion at once: no typing for a reviewer, no reviewing for a viewer, the document kept', async () => {
    const [owner, editor] = await Promise.all([w.open(w.server.admin), w.open(w.seeded.editor)]);
    await openSeeded(editor);
    await openMembers(owner);
    expect(await visibleEditor(editor).getAttribute('contenteditable')).toBe('true');
    const shown = await shownWords(editor);

    await memberRow(owner, w.seeded.editor.id).getByTestId('member-role').selectOption('reviewer');
    await expect.poll(() => noticeText(editor)).toMatch(/role in Interviews is now reviewer \(it was editor\): .*no longer change the text/);
    expect(await visibleEditor(editor).getAttribute('contenteditable')).toBe('false');
    expect(await editor.getByTestId('transcript-access').innerText()).toBe('review only');
    await typeAfterWord(editor, 2, ' sneaky');
    // a reviewer still reviews: the word under the caret is accepted, in the document everyone shares
    const reviewed = visibleEditor(editor).locator('span[data-reviewed="true"]');
    const reviewedBefore = await reviewed.count();
    await editor.keyboard.press('Control+Enter');
    await expect.poll(() => reviewed.count()).toBeGreaterThan(reviewedBefore);

    await memberRow(owner, w.seeded.editor.id).getByTestId('member-role').selectOption('viewer');
    await expect.poll(() => noticeText(editor)).toMatch(/is now viewer \(it was reviewer\): the transcript is read-only for you/);
    expect(await editor.getByTestId('transcript-access').innerText()).toBe('read only');
    // and the explorer shows the new role too
    await expect.poll(() => projectRow(editor).locator('.badge.role').innerText()).toBe('viewer');
    await typeAfterWord(editor, 4, ' sneakier');
    await editor.keyboard.press('Backspace');
    // a viewer no longer reviews: Accept Word says why and marks nothing
    const accepted = await reviewed.count();
    await editor.keyboard.press('Control+Enter');
    await expect
      .poll(() => editor.getByTestId('notification').allInnerTexts())
      .toContainEqual(expect.stringContaining('Only reviewers, editors and owners can accept words.'));
    expect(await reviewed.count()).toBe(accepted);
    await visibleEditor(editor).locator('span[data-word]').first().scrollIntoViewIfNeeded();
    await screenshot(editor, 'access-demoted');
    expect(await seriousViolations(editor)).toEqual([]);

    // the words shown before are all still shown, and nothing typed reached the server or the screen
    expect(await shownWords(editor)).toEqual(shown);
    expect(await exported()).not.toMatch(/sneak/);
  });

  it('tells a member the owner removes from the project why the transcript closed, keeping what it shows', async () => {
    const [owner, member] = await Promise.all([w.open(w.server.admin), w.open(w.seeded.reviewer)]);
    await openSeeded(member);
    await openMembers(owner);
    const shown = await editorText(member);

    await memberRow(owner, w.seeded.reviewer.id).getByTestId('member-remove').click();
    const notice = member.getByTestId('access-notice');
    await expect.poll(() => noticeText(member)).toMatch(/You were removed from this project.*Ask the project's owner to add you again/);
    expect(await notice.getAttribute('role')).toBe('alert');
    expect(await member.getByTestId('status-connection').innerText()).toMatch(/Closed/);
    expect(await member.getByTestId('transcript-access').innerText()).toBe('read only');
    expect(await visibleEditor(member).getAttribute('contenteditable')).toBe('false');
    // the explorer no longer lists the project; the tab stays, with what it showed, until closed
    await expect.poll(() => projectRow(member).count()).toBe(0);
    // the room is closed for good: nothing reconnects it behind the notice
    await member.waitForTimeout(1500);
    expect(await notice.isVisible()).toBe(true);
    expect(await editorText(member)).toBe(shown);
    await screenshot(member, 'access-removed');
    expect(await seriousViolations(member)).toEqual([]);
  });

  it('says at once that an open transcript was deleted', async () => {
    const viewer = await w.open(w.seeded.viewer);
    await openSeeded(viewer);
    await w.seeded.admin.call('DELETE', `/api/transcripts/${w.seeded.transcriptId}`);
    // well before the server's periodic re-check of open sockets (60 s)
    await expect.poll(() => noticeText(viewer), { timeout: 5_000 }).toMatch(/This transcript was deleted/);
    expect(await viewer.getByTestId('transcript-access').innerText()).toBe('read only');
  });
});
