// Live captions from the operator page, in real Chromium against the real server and the bundled model: Chromium's
// fake microphone plays a spoken WAV; the operator starts a session from the Live view, partials then finals appear
// on the page, a second page opens the viewer link (the public caption screen) and shows the same finals, and after
// Stop the transcript opens in the editor with the finals' words. A viewer-role member is offered no start action and
// the server refuses one with a message. Screenshots of the operator page in both themes
// (tests/browser/artifacts/live-operator-{light,dark}.png).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { charErrorRate } from '@verbatim/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession } from './harness/ApiSession.ts';
import { seriousViolations } from './harness/axeScan.ts';
import { fakeMicrophoneArgs, launchBrowser, screenshot } from './harness/launchBrowser.ts';
import { sidewaysOverflow } from './harness/noSidewaysScroll.ts';
import { runFromPalette } from './harness/runFromPalette.ts';
import { useWorkbench } from './harness/useWorkbench.ts';
import { openPalette, signIn } from './harness/workbench.ts';

const TALK = 'good morning everyone. today we talk about the new clinic and the rent. thank you for coming to the meeting.';

const w = useWorkbench();
let micBrowser: Browser;
let operator: Page;
const pageErrors: string[] = [];

/** The talk with a second of silence before and after it, as the fake microphone plays it (once). */
function renderTalk(): string {
  const dir = mkdtempSync(join(tmpdir(), 'verbatim-live-'));
  const speech = join(dir, 'speech.wav');
  const wav = join(dir, 'talk.wav');
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', speech, TALK]);
  execFileSync('sox', [speech, '-r', '48000', '-c', '1', '-b', '16', wav, 'pad', '1', '3']);
  return wav;
}

beforeAll(async () => {
  micBrowser = await launchBrowser(fakeMicrophoneArgs(renderTalk(), { loop: false }));
  const context = await micBrowser.newContext({ viewport: { width: 1300, height: 900 } });
  // the page's audio connections, so that the test can drop one (the real WebSocket, only counted)
  await context.addInitScript(() => {
    const sockets: WebSocket[] = [];
    (window as unknown as { __liveSockets: WebSocket[] }).__liveSockets = sockets;
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        if (String(url).includes('/live/')) sockets.push(this);
      }
    };
  });
  operator = await context.newPage();
  operator.on('pageerror', (error) => pageErrors.push(error.message));
  await signIn(operator, w.server.url, w.seeded.editor.email, w.seeded.editor.password);
});

afterAll(async () => {
  await micBrowser?.close();
});

/**
 * Whether captions read as the whole talk: at most a quarter of its characters wrong, and the last word within two
 * characters of "meeting" (while the last phrase is still a partial, the finals end on an earlier word).
 */
function readsAsTalk(text: string): boolean {
  const words = text.trim().split(/\s+/);
  const lastWord = words[words.length - 1] ?? '';
  return charErrorRate([TALK], [text]).rate <= 0.25 && charErrorRate(['meeting'], [lastWord]).errors <= 2;
}

const captionTexts = (page: Page, final: boolean) =>
  page.locator(`[data-testid="live-caption"][data-final="${final}"]`).evaluateAll((lines) => lines.map((l) => (l.textContent ?? '').trim()));

describe('live captions from the operator page', () => {
  let sessionId: string;
  let viewerUrl: string;

  it('starts a session from the Live view and captures at once: connected, level, received audio', async () => {
    await operator.getByTestId('activity-live').click();
    await operator.getByTestId('live-start-open').click();
    await operator.getByTestId('live-title').fill('Clinic update');
    // the model's word LM as shipped (the default adapts it to the project)
    expect(await operator.getByTestId('live-lm').inputValue()).toBe('adapted');
    await operator.getByTestId('live-lm').selectOption('base');
    await operator.getByTestId('live-start-submit').click();
    const page = operator.getByTestId('live-operator');
    await page.waitFor();
    sessionId = (await page.getAttribute('data-session-id'))!;
    await expect.poll(() => operator.getByTestId('live-state').getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
    // the speech reaches the meter and the server
    await expect.poll(async () => Number(await operator.getByTestId('live-level').getAttribute('data-level')), { timeout: 15_000 }).toBeGreaterThan(-40);
    await expect.poll(async () => Number(await operator.getByTestId('live-received').getAttribute('data-seconds')), { timeout: 15_000 }).toBeGreaterThan(1);
    await expect.poll(async () => (await operator.getByTestId('live-latency').getAttribute('data-ms')) ?? '').toMatch(/^\d+$/);
    const session = await w.seeded.admin.call<{ state: string; sourceConnected: boolean; title: string; lm: string }>('GET', `/api/live-sessions/${sessionId}`);
    expect(session).toMatchObject({ state: 'live', sourceConnected: true, title: 'Clinic update', lm: 'base' });
    expect(await operator.getByTestId('live-lm-mode').textContent()).toBe("model's own LM");
  });

  it('makes a viewer link that a page without an account opens', async () => {
    await operator.getByTestId('live-viewer-link-create').click();
    viewerUrl = await operator.getByTestId('live-viewer-link-url').inputValue();
    expect(viewerUrl).toMatch(new RegExp(`^${w.server.url}/captions/[^/]+$`));
  });

  it('shows partials while the words come, then finals; the bench probe has both with their send times', async () => {
    await operator.locator('[data-testid="live-caption"][data-final="true"]').first().waitFor({ timeout: 60_000 });
    const probe = await operator.evaluate(() => {
      const live = window.__verbatimLive!;
      return { kinds: live.captions.map((c) => c.final), firstSent: live.sentAt(0), shownAt: live.captions.map((c) => c.shownAt) };
    });
    // a partial showed before the first final
    expect(probe.kinds.indexOf(false)).toBeGreaterThanOrEqual(0);
    expect(probe.kinds.indexOf(false)).toBeLessThan(probe.kinds.indexOf(true));
    expect(probe.firstSent).toBeGreaterThan(0);
    expect(probe.shownAt.every((t) => t > probe.firstSent)).toBe(true);
  });

  it('the viewer link shows the same finals on a second page', async () => {
    // the talk is over (3 s of silence after it): the last words become final. Where the live windows fall depends on
    // timing, so the small bundled model's spelling of a word varies from run to run ("meeting", "meting", "meeating"):
    // the finals read as the talk, ending in its last word, by characters
    await expect.poll(async () => readsAsTalk((await captionTexts(operator, true)).join(' ')), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => captionTexts(operator, false), { timeout: 30_000 }).toEqual([]);
    const viewer = await w.open();
    await viewer.goto(viewerUrl);
    await viewer.getByTestId('captions-screen').waitFor();
    const finals = await captionTexts(operator, true);
    const shown = () => viewer.locator('[data-testid="caption-line"][data-final="true"]').evaluateAll((lines) => lines.map((l) => (l.textContent ?? '').trim()));
    // the screen rolls a few lines: they are the newest finals, in order
    await expect.poll(async () => (await shown()).length).toBeGreaterThan(0);
    const lines = await shown();
    expect(lines).toEqual(finals.slice(-lines.length));
  });

  it('refuses a second audio source for the session with the server\'s reason, while the first goes on', async () => {
    const context = await micBrowser.newContext({ viewport: { width: 1300, height: 900 } });
    try {
      const second = await context.newPage();
      await signIn(second, w.server.url, w.seeded.editor.email, w.seeded.editor.password);
      await second.getByTestId('activity-live').click();
      await second.locator(`[data-testid="live-session"][data-session-id="${sessionId}"] button`).first().click();
      // not started here: it offers to capture rather than taking the microphone on its own
      await second.getByTestId('live-capture').click();
      await expect.poll(() => second.getByTestId('live-state').getAttribute('data-state'), { timeout: 20_000 }).toBe('failed');
      expect(await second.getByTestId('live-error').textContent()).toMatch(/another audio source/i);
    } finally {
      await context.close();
    }
    expect(await operator.getByTestId('live-state').getAttribute('data-state')).toBe('live');
  });

  it('resumes a dropped connection on its own, resending what the server had not acknowledged', async () => {
    const sockets = () => operator.evaluate(() => (window as unknown as { __liveSockets: WebSocket[] }).__liveSockets.length);
    expect(await sockets()).toBe(1);
    await operator.evaluate(() => (window as unknown as { __liveSockets: WebSocket[] }).__liveSockets[0]!.close(4000, 'dropped by the test'));
    await expect.poll(sockets, { timeout: 10_000 }).toBe(2);
    await expect.poll(() => operator.getByTestId('live-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('live');
    // the page reads the session again once connected: it shows its source as connected
    await expect.poll(() => operator.getByTestId('live-operator').locator('p.dim').first().textContent()).toMatch(/· Live$/);
    // acks go on from the new connection
    const received = Number(await operator.getByTestId('live-received').getAttribute('data-seconds'));
    await expect.poll(async () => Number(await operator.getByTestId('live-received').getAttribute('data-seconds')), { timeout: 10_000 }).toBeGreaterThan(received);
  });

  it('is readable in the light and the dark theme (screenshots, no serious accessibility problem)', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await operator.emulateMedia({ colorScheme: scheme });
      await expect.poll(() => operator.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
      await screenshot(operator, `live-operator-${scheme}`);
      expect(await seriousViolations(operator), scheme).toEqual([]);
    }
  });

  it('fits a phone (390 px): nothing reaches past the right edge', async () => {
    await operator.setViewportSize({ width: 390, height: 844 });
    try {
      // the side bar is a drawer there: the operator page has the width
      await expect.poll(() => operator.locator('#sidebar').count()).toBe(0);
      await operator.getByTestId('live-operator').waitFor();
      expect(await sidewaysOverflow(operator)).toBeLessThanOrEqual(0);
      const stop = (await operator.getByTestId('live-stop').boundingBox())!;
      expect(stop.x + stop.width).toBeLessThanOrEqual(390);
      await screenshot(operator, 'live-operator-phone');
    } finally {
      await operator.setViewportSize({ width: 1300, height: 900 });
    }
  });

  it('stops: the recording and transcript are made, and the transcript opens with the finals\' words', async () => {
    const finals = (await captionTexts(operator, true)).join(' ');
    await operator.getByTestId('live-stop').click();
    await operator
      .getByTestId('live-open-transcript')
      .waitFor({ timeout: 60_000 })
      .catch(async (error: Error) => {
        // say what the page and the server made of it
        const state = await operator.getByTestId('live-state').getAttribute('data-state');
        const shown = await operator.getByTestId('live-error').textContent().catch(() => null);
        const record = await w.seeded.admin.call('GET', `/api/live-sessions/${sessionId}`);
        throw new Error(`${error.message}\npage: ${state} ${shown ?? ''}\nsession: ${JSON.stringify(record)}\nserver: ${w.server.output().slice(-2000)}`);
      });
    await expect.poll(() => operator.getByTestId('live-state').getAttribute('data-state')).toBe('ended');
    const session = await w.seeded.admin.call<{ state: string; transcriptId: string; mediaId: string; receivedSeconds: number; sampleRate: number }>('GET', `/api/live-sessions/${sessionId}`);
    expect(session.state).toBe('ended');
    expect(session.mediaId).toBeTruthy();
    // every sample the page captured reached the server, the dropped connection's included
    const captured = Number(await operator.getByTestId('live-received').getAttribute('data-captured-samples'));
    expect(captured).toBeGreaterThan(10 * session.sampleRate);
    expect(Math.round(session.receivedSeconds * session.sampleRate)).toBe(captured);
    await operator.getByTestId('live-open-transcript').click();
    await operator.locator('[data-testid="transcript-editor"] span[data-word]').first().waitFor({ timeout: 30_000 });
    const norm = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, '').replace(/\s+/g, ' ').trim();
    // the words (turn heads aside)
    const words = await operator.locator('[data-testid="transcript-editor"]:visible span[data-word]').allTextContents();
    expect(norm(words.join(' '))).toBe(norm(finals));
    // the Live view lists it as ended, with its transcript
    await operator.getByTestId('activity-live').click();
    const item = operator.locator(`[data-testid="live-session"][data-session-id="${sessionId}"]`);
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 10_000 }).toBe('ended');
    await item.getByTestId('live-session-transcript').waitFor();
    expect(pageErrors).toEqual([]);
  });
});

describe('Start Live Session… from the palette', () => {
  it('opens the Live view\'s start form for an editor; Escape closes it', async () => {
    await runFromPalette(operator, 'start live session', 'live.start');
    await operator.getByTestId('live-title').waitFor();
    await expect.poll(() => operator.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('live-title');
    await operator.keyboard.press('Escape');
    await expect.poll(() => operator.getByTestId('live-start-form').count()).toBe(0);
    await operator.getByTestId('live-start-open').waitFor();
  });
});

describe('a viewer-role member', () => {
  it('is offered no start action, and the server refuses one with a message', async () => {
    const page = await w.open(w.seeded.viewer);
    await page.getByTestId('activity-live').click();
    await page.getByTestId('live-view').waitFor();
    // the session the editor ran is listed for every member
    await page.getByTestId('live-session').first().waitFor();
    expect(await page.getByTestId('live-start-open').count()).toBe(0);
    await openPalette(page);
    await page.keyboard.type('start live session');
    // listed, as every command is, but not available to a viewer
    const start = page.locator('[data-testid="command-palette-item"][data-command-id="live.start"]');
    await start.waitFor();
    expect(await start.getAttribute('aria-disabled')).toBe('true');
    await page.keyboard.press('Escape');
    const viewer = await ApiSession.login(w.server.url, w.seeded.viewer.email, w.seeded.viewer.password);
    await expect(viewer.call('POST', `/api/projects/${w.seeded.projectId}/live-sessions`, { title: 'Not mine' })).rejects.toThrow(/403.*(viewer|role)/i);
  });
});
