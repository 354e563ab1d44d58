// Driving the workbench like a person: sign in, open a project's transcript, wait for words.
import type { Page } from 'playwright-core';
import { openTranscriptItem } from './openTranscriptItem.ts';

/** Signs in through the login view, with a password of the account's own (a one-time password stops at the password change). */
export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('activity-explorer').waitFor({ timeout: 30_000 });
}

/** Opens a transcript from the explorer tree: project -> recording -> transcript, and waits for its words. */
export async function openTranscript(page: Page, projectId: string, mediaId: string, transcriptId: string): Promise<void> {
  await openTranscriptItem(page, { projectId, mediaId, transcriptId });
  await waitForWords(page, transcriptId);
}

/** The editor of one open transcript (its tab's content). */
export function editorOf(page: Page, transcriptId: string) {
  return page.locator(`[data-transcript-id="${transcriptId}"] [data-testid="transcript-editor"], [data-testid="transcript-editor"][data-transcript-id="${transcriptId}"]`).first();
}

export async function waitForWords(page: Page, transcriptId: string, timeout = 30_000): Promise<void> {
  await page.locator('[data-testid="transcript-editor"] span[data-word]').first().waitFor({ timeout });
  void transcriptId;
}

/** The transcript text as the editor shows it (words joined by single spaces). */
export async function editorText(page: Page): Promise<string> {
  return (await page.locator('[data-testid="transcript-editor"]:visible').first().innerText()).replace(/\s+/g, ' ').trim();
}

/** Opens the command palette with its key and waits until its input has the focus (typing before that goes elsewhere). */
export async function openPalette(page: Page): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await page.getByTestId('command-palette').waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'command-palette-input');
}
