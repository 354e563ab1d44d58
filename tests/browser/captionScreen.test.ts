// The public caption screen of a viewer link, in real Chromium against the real server and the bundled model, with no
// account: a Node audio source (bench/streamLiveSession.ts) streams a spoken WAV to a live session at real time while a
// phone-sized page shows the talk's title, waits for it, then rolls partials (distinct) into finals; it is readable
// (axe: no serious violations, nothing wider than 390 px). Rotating the link tells the open screen at once that its
// link was revoked; an unknown link says so; stopping the session says the talk has ended. Screenshots in
// tests/browser/artifacts/captions-screen-*.png.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LiveSessionJson, LiveViewerLinkJson } from '@verbatim/core/api';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { streamLiveSession, type StreamedSession } from './bench/streamLiveSession.ts';
import { seriousViolations } from './harness/axeScan.ts';
import { screenshot } from './harness/launchBrowser.ts';
import { sidewaysOverflow } from './harness/noSidewaysScroll.ts';
import { useWorkbench } from './harness/useWorkbench.ts';

const TALK = 'good morning and welcome to the conference. this talk is about keeping small services running at night. thank you.';
const PHONE = { viewport: { width: 390, height: 780 } };

const w = useWorkbench();
let session: LiveSessionJson;
let link: LiveViewerLinkJson;
let token: string;
let pcm: Int16Array;

beforeAll(async () => {
  session = await w.seeded.admin.call<LiveSessionJson>('POST', `/api/projects/${w.seeded.projectId}/live-sessions`, { title: 'Night shifts for small teams' });
  link = await w.seeded.admin.call<LiveViewerLinkJson>('POST', `/api/live-sessions/${session.id}/viewer-link`);
  ({ token } = await w.seeded.admin.call<{ token: string }>('POST', '/api/tokens', { name: 'caption screen test', scope: 'transcribe' }));
  const speech = join(w.seeded.dir, 'talk.wav');
  const raw = join(w.seeded.dir, 'talk.s16');
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', speech, TALK]);
  execFileSync('sox', [speech, '-t', 'raw', '-e', 'signed-integer', '-b', '16', '-c', '1', '-r', String(session.sampleRate), '-L', raw, 'pad', '0', '2']);
  const bytes = readFileSync(raw);
  pcm = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
});

const state = (page: Page) => page.getByTestId('captions-state').getAttribute('data-state');
const lines = (page: Page, final: boolean) =>
  page.locator(`[data-testid="caption-line"][data-final="${final}"]`).evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));

describe('the caption screen of a viewer link', () => {
  let screen: Page;

  it('opens without an account, waits for the talk, then rolls partials into finals as the audio streams', async () => {
    expect(link.url).toBe(`${w.server.url}/captions/${link.token}`);
    screen = await w.open(undefined, PHONE);
    const errors: string[] = [];
    screen.on('pageerror', (e) => errors.push(e.message));
    await screen.goto(link.url);
    await screen.getByTestId('captions-screen').waitFor();
    await expect.poll(() => state(screen)).toBe('waiting');
    expect(await screen.locator('h1').textContent()).toBe('Night shifts for small teams');
    await screenshot(screen, 'captions-screen-waiting');

    const partialsSeen: string[] = [];
    const watch = setInterval(() => void lines(screen, false).then((l) => partialsSeen.push(...l), () => {}), 100);
    let streamed: StreamedSession;
    try {
      streamed = await streamLiveSession({ url: w.server.url, sessionId: session.id, token, pcm, sampleRate: session.sampleRate });
    } finally {
      clearInterval(watch);
    }
    const finals = [...new Map(streamed.captions.filter((c) => c.caption.final).map((c) => [c.caption.seq, c.caption.text])).values()].filter((t) => t !== '');
    expect(finals.length).toBeGreaterThan(0);
    // the screen shows the newest finals in order, the partials went by dimmed and in italics
    await expect.poll(async () => (await lines(screen, true)).at(-1)).toBe(finals.at(-1));
    const shown = await lines(screen, true);
    expect(shown).toEqual(finals.slice(-shown.length));
    expect(partialsSeen.length).toBeGreaterThan(0);
    expect(await state(screen)).toBe('live');
    expect(await screen.locator('[aria-live="polite"] [data-final="false"]').count()).toBe(0);
    expect(await sidewaysOverflow(screen)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(screen)).toEqual([]);
    await screenshot(screen, 'captions-screen-phone');
    expect(errors).toEqual([]);
  });

  it('applies the settings of its link (OBS: transparent, no controls, three lines at the top)', async () => {
    const obs = await w.open(undefined, { viewport: { width: 1280, height: 720 } });
    await obs.goto(`${link.url}?transparent=1&controls=0&title=0&lines=3&position=top&size=56&fg=ffff00`);
    await obs.getByTestId('caption-line').first().waitFor();
    const look = await obs.getByTestId('captions-screen').evaluate((el) => {
      const style = getComputedStyle(el);
      const window = el.querySelector('.captions-window')!;
      return { background: style.backgroundColor, color: style.color, fontSize: getComputedStyle(window).fontSize, height: window.getBoundingClientRect().height, page: getComputedStyle(document.body).backgroundColor };
    });
    expect(look).toEqual({ background: 'rgba(0, 0, 0, 0)', color: 'rgb(255, 255, 0)', fontSize: '56px', height: 3 * 56 * 1.25, page: 'rgba(0, 0, 0, 0)' });
    expect(await obs.getByTestId('captions-settings-open').count()).toBe(0);
    await screenshot(obs, 'captions-screen-obs');
    await obs.close();
  });

  it('tells an open screen at once that its link was replaced, and says an unknown link does not work', async () => {
    link = await w.seeded.admin.call<LiveViewerLinkJson>('POST', `/api/live-sessions/${session.id}/viewer-link`);
    await expect.poll(() => state(screen)).toBe('gone');
    expect(await screen.getByTestId('captions-error').textContent()).toMatch(/revoked/);
    await screenshot(screen, 'captions-screen-revoked');

    const unknown = await w.open(undefined, PHONE);
    await unknown.goto(`${w.server.url}/captions/not-a-real-token`);
    await expect.poll(() => state(unknown)).toBe('gone');
    expect((await unknown.getByTestId('captions-error').textContent())!.length).toBeGreaterThan(10);
    await unknown.close();
  });

  it('says the talk has ended once the session stops', async () => {
    const page = await w.open(undefined, PHONE);
    await page.goto(link.url);
    await expect.poll(() => state(page)).toBe('live');
    await w.seeded.admin.call('POST', `/api/live-sessions/${session.id}/stop`, {});
    await expect.poll(() => state(page), { timeout: 60_000 }).toBe('ended');
    expect(await page.getByTestId('captions-state').textContent()).toBe('The talk has ended.');
    expect((await lines(page, true)).length).toBeGreaterThan(0);
  });
});
